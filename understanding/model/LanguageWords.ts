import { canonical, tokenize } from './features';

/** A token that occurs in the texts of one language only (after allowing for how much text each has). */
const MARKING_SHARE = 0.9;
const MIN_OCCURRENCES = 2;
export const SHARED = -1;

/**
 * Which words mark a language ("pothole", "nid-de-poule", "merci") and which do not ("ok", "Main", "St", a
 * number). Language detection counts the marking words of a message: without them a message is neutral,
 * however confident the character model is, so "ok" or "45 Elm St" never switches the bot's language.
 */
export class LanguageWords {
  constructor(
    readonly languages: string[],
    /** token -> index of the language it marks, or SHARED. Tokens seen too rarely are absent. */
    private readonly marks: Map<string, number>,
  ) {}

  /** The marking words of a text, as language indexes (SHARED ones and unknown words left out). */
  markers(text: string): number[] {
    const found: number[] = [];
    for (const token of tokenize(canonical(text))) {
      const mark = this.marks.get(token);
      if (mark !== undefined && mark !== SHARED) found.push(mark);
    }
    return found;
  }

  entries(): [string, number][] {
    return [...this.marks];
  }

  static learn(texts: Map<string, string[]>, neutralWords: string[] = []): LanguageWords {
    const neutral = new Set(neutralWords.flatMap((w) => tokenize(canonical(w))));
    const languages = [...texts.keys()].sort();
    const counts = new Map<string, number[]>();
    const totals = languages.map(() => 0);
    languages.forEach((language, l) => {
      for (const text of texts.get(language)!) {
        for (const token of tokenize(canonical(text))) {
          let perLanguage = counts.get(token);
          if (!perLanguage) counts.set(token, (perLanguage = languages.map(() => 0)));
          perLanguage[l]++;
          totals[l]++;
        }
      }
    });
    const marks = new Map<string, number>();
    for (const [token, perLanguage] of counts) {
      const occurrences = perLanguage.reduce((a, b) => a + b, 0);
      if (occurrences < MIN_OCCURRENCES) continue;
      // Numbers, symbols and street types belong to no language.
      if (!/\p{L}/u.test(token) || neutral.has(token)) {
        marks.set(token, SHARED);
        continue;
      }
      const rates = perLanguage.map((count, l) => count / Math.max(totals[l], 1));
      const sum = rates.reduce((a, b) => a + b, 0);
      const top = rates.indexOf(Math.max(...rates));
      marks.set(token, rates[top] / sum >= MARKING_SHARE ? top : SHARED);
    }
    return new LanguageWords(languages, marks);
  }
}
