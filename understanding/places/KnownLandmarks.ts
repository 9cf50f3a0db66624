import { editDistance, letterMask, missingLetters } from './fuzzy';
import { Landmark } from './Gazetteer';
import { Token, tokenise } from './tokens';

export interface LandmarkHit {
  landmark: Landmark;
  /** Token span. */
  start: number;
  end: number;
}

interface Alias {
  words: string[];
  /** Letters of the first word, to rule out most typo comparisons cheaply. */
  mask: number;
  landmark: Landmark;
}

/** Long words only are forgiven a typo ("libary", "comunity"): one letter off a short word is another word ("bench", "beach"). */
function sameWord(typed: string, known: string): boolean {
  if (typed === known) return true;
  if (known.length < 7) return false;
  const limit = known.length >= 10 ? 2 : 1;
  return editDistance(typed, known, limit) <= limit;
}

/**
 * The town's named places by every name residents use, in every language: a French resident may write "town
 * hall" and an English one "l'aréna".
 */
export class KnownLandmarks {
  private readonly byFirstWord = new Map<string, Alias[]>();
  private readonly longFirstWords: Alias[] = [];

  constructor(landmarks: readonly Landmark[]) {
    for (const landmark of landmarks) {
      const names = [landmark.name, ...Object.values(landmark.names), ...Object.values(landmark.aliases).flat()];
      for (const name of new Set(names)) {
        const words = tokenise(name)
          .filter((t) => t.kind !== 'sign')
          .map((t) => t.norm);
        if (words.length === 0) continue;
        const alias = { words, mask: letterMask(words[0]), landmark };
        this.byFirstWord.set(words[0], [...(this.byFirstWord.get(words[0]) ?? []), alias]);
        if (words[0].length >= 7) this.longFirstWords.push(alias);
      }
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Named places in a message, left to right, the longest name at each place ("Elmhurst Public Library" over "library"). */
  find(tokens: readonly Token[]): LandmarkHit[] {
    const hits: LandmarkHit[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.kind === 'sign') continue;
      let best: Alias | null = null;
      for (const alias of this.byFirstWord.get(token.norm) ?? []) best = longer(best, alias, tokens, i);
      if (token.norm.length >= 6) {
        const mask = letterMask(token.norm);
        for (const alias of this.longFirstWords) {
          if (alias.words[0] === token.norm || Math.abs(alias.words[0].length - token.norm.length) > 2 || missingLetters(mask, alias.mask) > 2) continue;
          best = longer(best, alias, tokens, i);
        }
      }
      if (best) {
        hits.push({ landmark: best.landmark, start: i, end: i + best.words.length });
        i += best.words.length - 1;
      }
    }
    return hits;
  }
}

/** `alias` when it matches at `i` and is longer than `best`, else `best`. */
function longer(best: Alias | null, alias: Alias, tokens: readonly Token[], i: number): Alias | null {
  if (best && alias.words.length <= best.words.length) return best;
  const matches = alias.words.every((word, k) => tokens[i + k] && tokens[i + k].kind !== 'sign' && sameWord(tokens[i + k].norm, word));
  return matches ? alias : best;
}
