/** One word, number or sign of a message, with where it came from so the resident's own words can be quoted. */
export interface Token {
  /** As typed. */
  raw: string;
  /** Lower case, accents and apostrophes dropped: what is compared. */
  norm: string;
  start: number;
  end: number;
  /** `number`: a civic number ("45", "45b"); `mixed`: other digits with letters ("6am", "2nd"). */
  kind: 'word' | 'number' | 'mixed' | 'sign';
  /** A full stop follows (the end of a sentence, or an abbreviation: "St."). */
  dot?: boolean;
}

const TOKEN = /(\d+[\p{L}\d]*)|([\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*)|([&/@+#,;:!?()*\n-])|(\.)/gu;
/** French elision: "l'hôtel", "d'Elmhurst", "qu'il" are two words. */
const ELISION = /^(qu|[cdjlmnst])['’](?=\p{L})/iu;
const CIVIC_NUMBER = /^\d{1,5}\p{L}?$/u;
const LETTER = /\p{L}/u;

export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/['’]/g, '');
}

export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    const [whole, digits, word, sign] = m;
    if (whole === '.') {
      if (tokens.length > 0) tokens[tokens.length - 1].dot = true;
    } else if (sign) {
      // "off-leash", "centre-ville": a hyphen between letters joins words, it separates nothing.
      if (sign === '-' && LETTER.test(text[start - 1] ?? '') && LETTER.test(text[start + 1] ?? '')) continue;
      tokens.push({ raw: sign, norm: sign, start, end: start + 1, kind: 'sign' });
    } else if (digits) {
      tokens.push({ raw: digits, norm: digits.toLowerCase(), start, end: start + digits.length, kind: CIVIC_NUMBER.test(digits) ? 'number' : 'mixed' });
    } else if (word) {
      const elision = ELISION.exec(word);
      const rest = elision ? word.slice(elision[0].length) : word;
      if (elision) tokens.push({ raw: elision[1], norm: fold(elision[1]), start, end: start + elision[1].length, kind: 'word' });
      const at = start + word.length - rest.length;
      tokens.push({ raw: rest, norm: fold(rest), start: at, end: at + rest.length, kind: 'word' });
    }
  }
  return tokens;
}

/** Signs and line breaks that end a phrase: a landmark never runs across them. */
export function isBreak(token: Token): boolean {
  return token.kind === 'sign' && ',;:!?()\n'.includes(token.raw);
}

/** Title case for a name the town does not have: "fake" -> "Fake". */
export function capitalise(word: string): string {
  return word ? word[0].toUpperCase() + word.slice(1).toLowerCase() : word;
}

/** Phrases of a vocabulary list, matched as whole tokens ("in front of", "près de", "&"). */
export class PhraseSet {
  private readonly byFirst = new Map<string, string[][]>();

  constructor(phrases: readonly string[]) {
    for (const phrase of phrases) {
      const words = tokenise(phrase).map((t) => t.norm);
      if (words.length === 0) continue;
      const list = this.byFirst.get(words[0]) ?? [];
      list.push(words);
      list.sort((a, b) => b.length - a.length);
      this.byFirst.set(words[0], list);
    }
  }

  /** A one-word phrase as it is compared. */
  static norm(word: string): string {
    return tokenise(word).map((t) => t.norm).join(' ');
  }

  /** Whether one token is, alone, a phrase of the list. */
  has(token: Token | undefined): boolean {
    return !!token && (this.byFirst.get(token.norm)?.some((p) => p.length === 1) ?? false);
  }

  /** How many tokens the longest phrase starting at `i` covers (0: none). */
  lengthAt(tokens: readonly Token[], i: number): number {
    const candidates = i < tokens.length ? this.byFirst.get(tokens[i].norm) : undefined;
    if (!candidates) return 0;
    for (const phrase of candidates) {
      if (phrase.every((word, k) => tokens[i + k]?.norm === word)) return phrase.length;
    }
    return 0;
  }

  /** How many tokens the longest phrase ending just before `end` covers (0: none). */
  lengthBefore(tokens: readonly Token[], end: number): number {
    let best = 0;
    for (let length = 1; length <= Math.min(4, end); length++) {
      if (this.lengthAt(tokens, end - length) === length) best = length;
    }
    return best;
  }
}
