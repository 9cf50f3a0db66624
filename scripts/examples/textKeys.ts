/** Keys that tell when two example lines say the same thing, shared by the checker and the generator. */

/** The sample town's street names (knowledge/en/collection-schedule.md), as residents shorten them. */
const STREETS = [
  'main', 'king', 'queen', 'church', 'elm', 'maple', 'oak', 'birch', 'victoria', 'park', 'wellington', 'brock',
  'cedar', 'pine', 'willow', 'hillside', 'lakeshore', 'mill', 'station',
];
const STREET_TYPES = ['st', 'street', 'ave', 'avenue', 'rd', 'road', 'dr', 'drive', 'cres', 'crescent'];

const streetPattern = new RegExp(`\\b(${STREETS.join('|')})( (${STREET_TYPES.join('|')}))?\\b`, 'g');

/** Same words once case, punctuation and spacing are ignored (a line of punctuation only stays as it is). */
export function sameWordsKey(text: string): string {
  const words = text.toLowerCase().replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu, ' ').trim();
  return words === '' ? text.trim() : words;
}

/**
 * Same sentence once street names and house numbers are ignored: "pothole at 12 elm st" = "pothole at 40 oak st".
 * Longer numbers keep their length, so "status 4821 9375" and "status 48219375" stay apart. Null for a line
 * without letters (a bare number or emoji is its own example).
 */
export function sameSentenceKey(text: string): string | null {
  const words = sameWordsKey(text);
  if (!/\p{L}/u.test(words)) return null;
  return words
    .replace(streetPattern, '<street>')
    .replace(/\d+/g, (digits) => (digits.length <= 4 ? '<n>' : `<n${digits.length}>`));
}
