import { Street } from './Gazetteer';
import { PlaceWords } from './PlaceWords';
import { allowedTypos, StreetNames } from './StreetNames';
import { capitalise, Token } from './tokens';

/** A street named in a message: "Main St", "mian st", "rue King", "main", or one the town lacks ("Fake St"). */
export interface Mention {
  /** Token span. */
  start: number;
  end: number;
  /** Null: a street the town does not have. */
  street: Street | null;
  /** Canonical name, or the tidied words for an unknown street ("Fake St", "rue Bidon"). */
  name: string;
  /** A type word came with the name ("elm st", "rue Elm"): strong evidence that a street is meant. */
  typed: boolean;
  /** The type given is not the street's ("Main Rd"): fine alone, doubtful after an article ("the main road"). */
  typeMismatch: boolean;
  /** The type came first ("rue Elm", "45, rue Elm"). */
  typeFirst: boolean;
}

const MAX_UNKNOWN_NAME_WORDS = 3;

/** Every street mention, left to right, never overlapping each other nor the `blocked` tokens (named places). */
export function findMentions(tokens: readonly Token[], names: StreetNames, words: PlaceWords, blocked: ReadonlySet<number>): Mention[] {
  const mentions: Mention[] = [];
  const covered = new Set<number>(blocked);
  for (let i = 0; i < tokens.length; ) {
    const mention = covered.has(i) || tokens[i].kind !== 'word' ? null : (typeFirst(tokens, i, names, words) ?? nameFirst(tokens, i, names, words));
    if (mention && !spans(covered, mention)) {
      mentions.push(mention);
      for (let k = mention.start; k < mention.end; k++) covered.add(k);
      i = mention.end;
    } else {
      i++;
    }
  }
  for (let p = 0; p < tokens.length; p++) {
    const mention = covered.has(p) ? null : unknownBeforeType(tokens, p, names, words, covered);
    if (!mention) continue;
    mentions.push(mention);
    for (let k = mention.start; k < mention.end; k++) covered.add(k);
  }
  return mentions.sort((a, b) => a.start - b.start);
}

function spans(covered: ReadonlySet<number>, mention: Mention): boolean {
  for (let k = mention.start; k < mention.end; k++) if (covered.has(k)) return true;
  return false;
}

/** "rue King", "chemin de la Gare", "rues King" (plural), or an unknown "rue Bidon". */
function typeFirst(tokens: readonly Token[], i: number, names: StreetNames, words: PlaceWords): Mention | null {
  const type = names.typeBefore(tokens[i]);
  if (!type) return null;
  let j = i + 1;
  let match = names.nameAt(tokens, j);
  if (!match) {
    for (let length = words.nameConnectors.lengthAt(tokens, j); length > 0 && j - i <= 3; length = words.nameConnectors.lengthAt(tokens, j)) j += length;
    match = names.nameAt(tokens, j);
  }
  if (match && match.distance <= allowedTypos(match.letters, true)) {
    const own = names.streetType(match.street);
    const mismatch = !!type.canonical && type.canonical !== own && type.canonical !== match.type;
    return { start: i, end: match.end, street: match.street, name: match.street.name, typed: true, typeMismatch: mismatch, typeFirst: true };
  }
  if (type.weak && tokens[i - 1]?.kind !== 'number' && tokens[i - 2]?.kind !== 'number') return null;
  const nameTokens: Token[] = [];
  for (let k = j; k < tokens.length && nameTokens.length < MAX_UNKNOWN_NAME_WORDS && isNameWord(tokens[k], names, words); k++) {
    if (nameTokens.length > 0 && !isCapitalised(tokens[k])) break;
    nameTokens.push(tokens[k]);
    if (tokens[k].dot) break;
  }
  if (nameTokens.length === 0 || type.canonical === null) return null;
  const connectors = tokens.slice(i + 1, j).map((t) => t.raw.toLowerCase());
  const name = [tokens[i].raw.toLowerCase(), ...connectors, ...nameTokens.map((t) => capitalise(t.raw))].join(' ').replace(/\b([dl]) /g, "$1'");
  return { start: i, end: j + nameTokens.length, street: null, name, typed: true, typeMismatch: false, typeFirst: true };
}

/** "Main St", "mian st", "Main Street N", "main". */
function nameFirst(tokens: readonly Token[], i: number, names: StreetNames, words: PlaceWords): Mention | null {
  const match = names.nameAt(tokens, i);
  if (!match) return null;
  let end = match.end;
  const type = names.typeAfter(tokens[end]);
  if (type) end++;
  if (!type && match.distance > allowedTypos(match.letters, false)) return null;
  if (type && match.distance > allowedTypos(match.letters, true)) return null;
  if (type && isDirection(tokens, end, words)) end++;
  const own = names.streetType(match.street);
  const mismatch = !!type?.canonical && type.canonical !== own && type.canonical !== match.type;
  return { start: i, end, street: match.street, name: match.street.name, typed: !!type, typeMismatch: mismatch, typeFirst: false };
}

/** "King St E", "Main Street North" — but not the "n" of "king st n queen st". */
function isDirection(tokens: readonly Token[], i: number, words: PlaceWords): boolean {
  const token = tokens[i];
  if (!token || !words.directions.has(token)) return false;
  if (token.norm.length > 1) return true;
  const next = tokens[i + 1];
  return token.raw === token.raw.toUpperCase() && (!next || next.kind === 'sign' || !!token.dot);
}

/** "123 Fake St", "on Old Orchard Rd": names before a type word that the town does not have. */
function unknownBeforeType(tokens: readonly Token[], p: number, names: StreetNames, words: PlaceWords, covered: ReadonlySet<number>): Mention | null {
  const type = names.typeAfter(tokens[p]);
  if (!type?.canonical) return null;
  let start = p;
  while (start > 0 && p - start < MAX_UNKNOWN_NAME_WORDS && !covered.has(start - 1) && isNameWord(tokens[start - 1], names, words)) {
    start--;
    if (tokens[start].dot) {
      start++;
      break;
    }
  }
  if (start === p) return null;
  const afterNumber = tokens[start - 1]?.kind === 'number';
  if (type.weak && !afterNumber) return null;
  if (!afterNumber) {
    // Without a number the name is the capitalised words before the type, or the one word before it.
    let first = p - 1;
    while (first > start && isCapitalised(tokens[first - 1]) && isCapitalised(tokens[first])) first--;
    start = first;
  }
  const name = [...tokens.slice(start, p).map((t) => capitalise(t.raw)), type.canonical].join(' ');
  return { start, end: p + 1, street: null, name, typed: true, typeMismatch: false, typeFirst: false };
}

function isNameWord(token: Token | undefined, names: StreetNames, words: PlaceWords): boolean {
  if (!token || token.kind !== 'word') return false;
  return !(
    words.notStreetNames.has(token) ||
    words.articles.has(token) ||
    words.joiners.has(token) ||
    words.markers.has(token) ||
    words.streetMarkers.has(token) ||
    words.landmarkEnds.has(token) ||
    words.timeWords.has(token) ||
    words.conversationWords.has(token) ||
    names.typeAfter(token) ||
    names.typeBefore(token)
  );
}

function isCapitalised(token: Token | undefined): boolean {
  return !!token && /^\p{Lu}/u.test(token.raw);
}
