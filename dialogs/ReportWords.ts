import { Understanding } from '../understanding/Understanding';
import { Vocabulary } from '../understanding/Vocabulary';
import { containsPhrase, countWords, normalise } from '../understanding/text';

/** Intents whose short messages carry no description of a problem ("ok", "no", "thanks"). */
const EMPTY_INTENTS = ['affirm', 'deny', 'thanks', 'greeting', 'help', 'cancel'];

/** Which of a resident's messages describe the problem, so staff get their words and never an "idk". */
export class ReportWords {
  constructor(private readonly vocabulary: (locale: string) => Vocabulary) {}

  /**
   * A message describes the problem when it names one ("pothole", "the light is out") or says something
   * beyond a request to report ("I want to report a problem") and the place.
   */
  describes(text: string, understanding: Understanding, locale: string): boolean {
    if (this.saysNothing(text, understanding, locale)) return false;
    let rest = ` ${normalise(text)} `;
    const requests = this.vocabulary(locale).reportRequest.map(normalise).sort((a, b) => b.length - a.length);
    for (const phrase of requests) rest = rest.split(` ${phrase} `).join(' ');
    if (understanding.place) for (const word of normalise(understanding.place.text).split(' ')) rest = rest.replace(` ${word} `, ' ');
    // A named problem ("pothole") is a description in one word; "something" or "other" needs a few more.
    const namesProblem = understanding.category !== null && understanding.category !== 'other';
    return countWords(rest) >= (namesProblem ? 1 : 3);
  }

  /** "idk", "ok", "no", "thanks": nothing staff could act on. */
  saysNothing(text: string, understanding: Understanding, locale: string): boolean {
    const plain = normalise(text);
    if (plain.length < 2) return true;
    if (this.vocabulary(locale).notADescription.some((p) => plain === normalise(p))) return true;
    if (understanding.categories.length > 0) return false;
    // The model has no intent for "its really deep": only a single unknown word ("hmm") says nothing.
    return countWords(text) <= (understanding.intent === 'unknown' ? 1 : EMPTY_INTENTS.includes(understanding.intent) ? 3 : 0);
  }

  isYes(text: string, locale: string): boolean {
    const plain = normalise(text);
    return this.vocabulary(locale).yes.some((p) => plain === normalise(p) || containsPhrase(plain, p) && countWords(text) <= 3);
  }
}
