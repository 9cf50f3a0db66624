/** Keys that tell when two example lines say the same thing; shared by check-fr.ts and generate-fr.ts. */

/** The sample town's street names (knowledge/en/collection-schedule.md). */
const STREETS = [
  'main', 'king', 'queen', 'church', 'elm', 'maple', 'oak', 'birch', 'victoria', 'park', 'wellington', 'brock',
  'cedar', 'pine', 'willow', 'hillside', 'lakeshore', 'mill', 'station',
];

/** French street types come before the name ("rue King", "ch. Lakeshore"), English ones after ("King St"). */
const STREET = new RegExp(
  `\\b((rue|av|avenue|ch|chemin|croissant|promenade|boul|boulevard) )?(${STREETS.join('|')})( (st|street|ave|avenue|rd|road|dr|drive|cres|crescent))?\\b`,
  'g',
);

/** Words that greet, thank or glue; lines that differ only in these say the same thing. */
const FILLER = new Set(
  'svp stp merci mrc bonjour salut allo bonsoir hey pis ok la le les de du des un une y a ya il sur au aux'.split(' '),
);

/**
 * Two lines that differ only in case, accents, punctuation or spacing are the same line. A line of punctuation
 * only ("?", "...") stays as it is: each is its own reply.
 */
export function normalise(text: string): string {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
  return words === '' ? text.trim() : words;
}

/**
 * The same sentence once streets and house numbers are ignored ("trou rue Elm" = "trou au 12 rue Oak"): such
 * twins teach the model nothing new. Longer numbers keep their length, so case numbers typed differently stay
 * apart. Null for a line without letters (a bare number or emoji is its own example).
 */
export function sameSentence(text: string): string | null {
  const words = normalise(text);
  if (!/\p{L}/u.test(words)) return null;
  return words.replace(STREET, '<street>').replace(/\d+/g, (d) => (d.length <= 4 ? '<n>' : `<n${d.length}>`));
}

/** Stricter still, for machine-made lines: fillers and word order ignored too. */
export function sameContent(text: string): string {
  const sentence = sameSentence(text) ?? normalise(text);
  return sentence
    .split(' ')
    .filter((w) => !FILLER.has(w))
    .sort()
    .join(' ');
}
