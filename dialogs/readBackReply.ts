import { Vocabulary } from '../understanding/Vocabulary';
import { Understanding } from '../understanding/Understanding';
import { containsPhrase, countWords, normalise } from '../understanding/text';

/** A thumbs-up, OK hand or check mark, alone. */
const APPROVING_SIGN = /^\s*(?:👍|👌|✅|✔️?|🆗)(?:\p{Emoji_Modifier}|\s)*$/u;

/** On the phone, "press 1 to send, 2 to drop" (a key alone; elsewhere a lone digit means the same). */
const SEND_KEY = /^\s*1\s*$/;
const DROP_KEY = /^\s*2\s*$/;

/** What a resident's answer to the read-back of their report means. */
export type ReadBackReply = 'send' | 'askAgain' | 'drop' | 'question' | 'correction' | 'details';

/**
 * Reads the answer to "send this report?". Sending is the default for anything that only says there is
 * nothing to add ("no photo", "no pics, send it"); only a clear "don't send" drops the report, and a bare
 * "no" is asked about once more, because losing a report by accident is worse than one more text.
 */
export function readBackReply(text: string, understanding: Understanding, words: Vocabulary, isCorrection: boolean): ReadBackReply {
  const plain = normalise(text);
  const says = (phrases: string[]) => phrases.some((p) => containsPhrase(plain, p));
  const leadsWith = (phrases: string[]) => phrases.some((p) => plain === normalise(p) || plain.startsWith(`${normalise(p)} `));
  if (SEND_KEY.test(text)) return 'send';
  // Like a bare "no": asked about once more, then dropped.
  if (DROP_KEY.test(text)) return 'askAgain';
  if (says(words.readBack.undo)) return 'send';
  if (says(words.readBack.drop) || understanding.intent === 'cancel') return 'drop';
  if (isCorrection) return 'correction';
  if (says(words.readBack.send) || leadsWith(words.readBack.nothingToAdd) || APPROVING_SIGN.test(text)) return 'send';
  if (understanding.intent === 'affirm' || (countWords(text) <= 3 && leadsWith(words.yes) && !leadsWith(words.no))) return 'send';
  if (isQuestion(text, understanding)) return 'question';
  if (understanding.intent === 'deny' || leadsWith(words.no)) return 'askAgain';
  return countWords(text) >= 2 ? 'details' : 'askAgain';
}

/** A question the knowledge base can answer, or a status check: not a detail of the problem. */
function isQuestion(text: string, understanding: Understanding): boolean {
  if (understanding.intent === 'check_status' && (understanding.caseNumber || understanding.permitNumber)) return true;
  return understanding.intent === 'ask_question' && (text.trim().endsWith('?') || understanding.intentConfidence >= 0.8);
}
