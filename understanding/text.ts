/** Lower case, apostrophes dropped ("wasn't" -> "wasnt"), other punctuation to spaces, single-spaced. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}&/]+/gu, ' ')
    .trim();
}

/** Whether `phrase` occurs in already-normalised `text` as whole words. */
export function containsPhrase(text: string, phrase: string): boolean {
  const p = normalise(phrase);
  if (!p) return false;
  return ` ${text} `.includes(` ${p} `);
}

export function countWords(text: string): number {
  const n = normalise(text);
  return n ? n.split(' ').length : 0;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
