import { PlaceWords } from './PlaceWords';
import { StreetNames } from './StreetNames';
import { isBreak, Token } from './tokens';

/** Token span of the words after a marker: "near [the school on Birch Rd]". */
export interface Span {
  start: number;
  end: number;
}

const MAX_LANDMARK_WORDS = 8;
const MIN_LANDMARK_CHARS = 3;

/**
 * Candidate landmarks after a marker word ("near", "behind", "devant"), each ended at a sign, a full stop, a
 * word that starts a new clause ("and", "since", "call") or after eight words.
 */
export function* phrasesAfterMarkers(tokens: readonly Token[], words: PlaceWords, names: StreetNames): Generator<Span> {
  for (let i = 0; i < tokens.length; i++) {
    const marker = words.markers.lengthAt(tokens, i);
    if (marker === 0 || words.notMarkersAfter.lengthBefore(tokens, i) > 0) continue;
    const start = i + marker;
    let end = start;
    while (end < tokens.length && end - start < MAX_LANDMARK_WORDS && !isBreak(tokens[end])) {
      // "near the school and it is deep", "near the school today": the clause or the time is not the place.
      if (end > start && (words.landmarkEnds.has(tokens[end]) || words.timeWords.has(tokens[end]))) break;
      end++;
      const last = tokens[end - 1];
      if (last.dot && !names.typeAfter(last) && !names.typeBefore(last) && last.norm !== 'st') break;
    }
    if (end > start && tokens[end - 1].end - tokens[start].start >= MIN_LANDMARK_CHARS) yield { start, end };
  }
}

/** A place word or a proper name ("Tim Hortons"): "near the library", not "on the wall" nor "on the street". */
export function namesPlace(tokens: readonly Token[], span: Span, words: PlaceWords): boolean {
  for (let k = span.start; k < span.end; k++) {
    const t = tokens[k];
    if (words.placeWords.has(t)) return true;
    if (t.kind === 'word' && /^\p{Lu}/u.test(t.raw) && !words.articles.has(t) && !words.conversationWords.has(t)) return true;
  }
  return false;
}

/** "my lawn", "in my front yard", "chez moi": somewhere only the resident knows. Not "Our Lady of Peace church". */
export function isPersonal(tokens: readonly Token[], span: Span, words: PlaceWords): boolean {
  for (let k = span.start; k < span.end; k++) {
    if (words.privatePhrases.lengthAt(tokens, k) > 0) return true;
    if (!words.personalWords.has(tokens[k])) continue;
    if (words.privatePlaces.has(tokens[k + 1]) || (k + 2 < span.end && words.privatePlaces.has(tokens[k + 2]))) return true;
  }
  return false;
}

/** "at night", "on weekends", "at 2am", "vers 14h": when, not where. */
export function isTime(tokens: readonly Token[], span: Span, words: PlaceWords): boolean {
  let k = span.start;
  while (k < span.end && (words.markers.lengthAt(tokens, k) > 0 || words.articles.has(tokens[k]))) k += Math.max(1, words.markers.lengthAt(tokens, k));
  const first = tokens[k];
  if (!first) return false;
  if (words.timeWords.has(first)) return true;
  if (first.kind === 'mixed') return /^\d{1,2}(?:am|pm|h\d{0,2})$/.test(first.norm);
  return first.kind === 'number' && /^\d{1,2}$/.test(first.norm) && (k + 1 >= span.end || words.timeWords.has(tokens[k + 1]) || tokens[k + 1].raw === ':');
}
