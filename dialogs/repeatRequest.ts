import { Vocabulary } from '../understanding/Vocabulary';
import { containsPhrase, countWords, normalise } from '../understanding/text';

/** Longer messages that happen to contain "again" or "pardon" are about something else. */
const REPEAT_MAX_WORDS = 6;

/** "say that again", "can you repeat that", "répétez": a caller or texter asking to hear the question again. */
export function asksToRepeat(text: string, words: Vocabulary): boolean {
  const plain = normalise(text);
  return countWords(text) <= REPEAT_MAX_WORDS && words.repeat.some((phrase) => containsPhrase(plain, phrase));
}
