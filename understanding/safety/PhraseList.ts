import { plain, tokenize } from '../model/features';

/** A message's words as vocabulary phrases are compared: lower case, no accents or apostrophes, digits kept. */
export function wordsOf(text: string): string[] {
  return tokenize(plain(text));
}

interface Pattern {
  word: string;
  prefix: boolean;
}

/** A phrase: its words, each word its alternatives. */
type Phrase = Pattern[][];

/**
 * Phrases of a vocabulary list, matched as whole words in order. A word ending in `*` matches any word it
 * starts ("spark*": sparks, sparking); `a|b` matches either word ("hurt|injured dog|cat"). Lists stay short
 * and readable in every language.
 */
export class PhraseList {
  /** Phrases by the exact words they can start with; phrases starting with a prefix pattern are tried everywhere. */
  private readonly byFirstWord = new Map<string, Phrase[]>();
  private readonly startingWithPrefix: Phrase[] = [];

  constructor(phrases: string[]) {
    for (const phrase of phrases.map(phraseOf)) {
      if (phrase.length === 0) continue;
      if (phrase[0].some((p) => p.prefix)) this.startingWithPrefix.push(phrase);
      for (const first of phrase[0]) {
        if (first.prefix) continue;
        const list = this.byFirstWord.get(first.word) ?? [];
        if (!list.includes(phrase)) list.push(phrase);
        this.byFirstWord.set(first.word, list);
      }
    }
  }

  /** [start, end) word ranges of every match, skipping words already `taken`. */
  matches(words: string[], taken: boolean[] = []): [number, number][] {
    const found: [number, number][] = [];
    for (let start = 0; start < words.length; start++) {
      if (taken[start]) continue;
      for (const phrase of [...(this.byFirstWord.get(words[start]) ?? []), ...this.startingWithPrefix]) {
        if (start + phrase.length > words.length) continue;
        let ok = true;
        for (let i = 0; ok && i < phrase.length; i++) ok = !taken[start + i] && phrase[i].some((p) => wordMatches(p, words[start + i]));
        if (ok) found.push([start, start + phrase.length]);
      }
    }
    return found;
  }

  /** Marks the words of every match as taken (and returns the marks). */
  take(words: string[], taken: boolean[] = words.map(() => false)): boolean[] {
    for (const [start, end] of this.matches(words, taken)) for (let i = start; i < end; i++) taken[i] = true;
    return taken;
  }
}

function phraseOf(written: string): Phrase {
  return written
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) =>
      word
        .split('|')
        .map((alternative) => ({ word: wordsOf(alternative).join(''), prefix: alternative.endsWith('*') }))
        .filter((p) => p.word !== ''),
    )
    .filter((alternatives) => alternatives.length > 0);
}

function wordMatches(pattern: Pattern, word: string): boolean {
  return pattern.prefix ? word.startsWith(pattern.word) : word === pattern.word;
}
