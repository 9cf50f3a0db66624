/**
 * What the models see of a message: words, word pairs and character n-grams. Nothing here knows a language:
 * character n-grams carry typos ("garbge"), inflections ("plowed", "déneigée") and scripts written without
 * spaces (Chinese), so a new language needs examples, not code.
 */

/** A diacritic on a Latin letter: texters often skip accents ("francais"); other scripts need theirs. */
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
/** Scripts written without spaces: each character is a token, pairs of them act as words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/gu;
const TOKEN = /\p{Extended_Pictographic}|[\p{L}\p{M}\p{N}]+/gu;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;

/** Lower case, Latin accents and apostrophes dropped ("don't" = "dont"), every digit 0 (numbers are shapes, not words). */
export function canonical(text: string): string {
  return plain(text).replace(/\d/g, '0');
}

/** Lower case, Latin accents, ligatures and apostrophes dropped ("œufs" = "oeufs"): how phrases of the vocabulary are compared. */
export function plain(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_MARKS, '$1')
    .normalize('NFC')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/['’`]/g, '');
}

/** Words (and emoji, and single characters of unspaced scripts) of already canonical text. */
export function tokenize(canonicalText: string): string[] {
  return canonicalText.replace(UNSPACED, ' $& ').match(TOKEN) ?? [];
}

export function isPictograph(token: string): boolean {
  return PICTOGRAPH.test(token);
}

export interface FeatureShape {
  /** Character n-gram lengths inside each padded word ("<plow>": "<p", "pl", ..., "<pl", ...). */
  charMin: number;
  charMax: number;
  wordPairs: boolean;
}

export const DEFAULT_SHAPE: FeatureShape = { charMin: 2, charMax: 5, wordPairs: true };

/** Feature names of one message with their counts. Prefixes keep the kinds apart ("w:" word, "c:" n-gram ...). */
export function featureCounts(text: string, shape: FeatureShape = DEFAULT_SHAPE): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  const trimmed = text.trim();
  const words = tokenize(canonical(trimmed));
  // How long and how it ends say much about short messages ("no", "k", "?").
  add(`n:${Math.min(words.length, 6)}`);
  if (trimmed.endsWith('?')) add('p:?');
  if (trimmed.includes('!')) add('p:!');
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    add(`w:${word}`);
    if (shape.wordPairs) add(`b:${i === 0 ? '^' : words[i - 1]} ${word}`);
    if (isPictograph(word) || word.length === 1) continue;
    const padded = `<${word}>`;
    const bounds = codePointBounds(padded);
    const length = bounds.length - 1;
    for (let n = shape.charMin; n <= shape.charMax; n++) {
      for (let at = 0; at + n <= length; at++) add(`c:${padded.slice(bounds[at], bounds[at + n])}`);
    }
  }
  if (shape.wordPairs && words.length > 0) add(`b:${words[words.length - 1]} $`);
  return counts;
}

/** Where each code point starts (and the end): n-grams never split a character outside the BMP. */
function codePointBounds(text: string): number[] {
  const bounds: number[] = [];
  for (let i = 0; i < text.length; i++) {
    bounds.push(i);
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) i++;
  }
  bounds.push(text.length);
  return bounds;
}
