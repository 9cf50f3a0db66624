import { LatLng, haversineMeters } from '../understanding/places/geo';
import { CellBounds, cellBounds, neighbours } from '../understanding/places/geoCell';
import { CaseLocation } from './CaseModel';
import { GroupingRule } from './groupingRules';

/**
 * Without coordinates, civic numbers stand in for distance: a lot is about 10 m wide and numbers go up by 2 per
 * lot on each side, so one number is about 5 m along the street.
 */
export const METRES_PER_CIVIC_NUMBER = 5;

/** What the grouping index keeps of a case's place (the fields a match needs). */
export type MatchablePlace = Pick<CaseLocation, 'kind' | 'street' | 'number' | 'crossStreet' | 'landmark' | 'lat' | 'lng' | 'cell'>;

const SUFFIXES: Record<string, string> = { street: 'st', avenue: 'ave', av: 'ave', road: 'rd', drive: 'dr', crescent: 'cres', boulevard: 'blvd', court: 'ct', lane: 'ln', place: 'pl' };

/** "Oak Street", "oak st." and "OAK ST" are one street; accents and case do not matter. */
export function normalisedStreet(street: string): string {
  return plain(street)
    .split(' ')
    .map((word) => SUFFIXES[word] ?? word)
    .join(' ');
}

/** "The Arena" and "arena" are one landmark. */
export function normalisedLandmark(landmark: string): string {
  return plain(landmark).replace(/^(?:the|le|la|les|l) /, '');
}

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "12", "12B" -> 12; a number without digits has no position on the street. */
function civicNumber(number: string | undefined): number | undefined {
  const digits = /^\d+/.exec(number?.trim() ?? '')?.[0];
  return digits === undefined ? undefined : Number(digits);
}

function cornerOf(place: MatchablePlace): string | undefined {
  if (!place.street || !place.crossStreet) return undefined;
  return [normalisedStreet(place.street), normalisedStreet(place.crossStreet)].sort().join(' & ');
}

/**
 * How far apart two places are, in metres, when they are close enough under the category's rule to be the same
 * problem; null when they are not. The same landmark, address or crossing is 0 m whatever the rule; then the
 * distance between coordinates; without them, the distance along one street estimated from civic numbers.
 */
export function placeDistance(rule: GroupingRule, a: MatchablePlace, b: MatchablePlace): number | null {
  if (a.landmark && b.landmark && normalisedLandmark(a.landmark) === normalisedLandmark(b.landmark)) return 0;
  const sameStreet = a.street !== undefined && b.street !== undefined && normalisedStreet(a.street) === normalisedStreet(b.street);
  if (a.kind === 'address' && b.kind === 'address' && sameStreet && a.number && b.number && a.number.trim().toUpperCase() === b.number.trim().toUpperCase()) return 0;
  if (a.kind === 'intersection' && b.kind === 'intersection' && cornerOf(a) !== undefined && cornerOf(a) === cornerOf(b)) return 0;
  if (a.lat !== undefined && a.lng !== undefined && b.lat !== undefined && b.lng !== undefined) {
    const metres = haversineMeters({ lat: a.lat, lng: a.lng }, { lat: b.lat, lng: b.lng });
    return metres <= rule.metres ? metres : null;
  }
  const na = civicNumber(a.number);
  const nb = civicNumber(b.number);
  if (a.kind === 'address' && b.kind === 'address' && sameStreet && na !== undefined && nb !== undefined) {
    const metres = Math.abs(na - nb) * METRES_PER_CIVIC_NUMBER;
    return metres <= rule.metres ? metres : null;
  }
  return null;
}

/**
 * The index keys a case is filed under. A place with coordinates: its area (the same address, crossing or
 * landmark has the same coordinates, so distance finds it). Without: its street (addresses), landmark or crossing.
 * Few keys per look-up matter: on FerretDB every look-up reads the whole index collection (see GroupingIndex).
 */
export function keysOf(place: MatchablePlace): string[] {
  if (place.cell) return [areaKey(place.cell)];
  const keys: string[] = [];
  if (place.landmark) keys.push(`landmark:${normalisedLandmark(place.landmark)}`);
  if (place.kind === 'address' && place.street && place.number) keys.push(`street:${normalisedStreet(place.street)}`);
  const corner = place.kind === 'intersection' ? cornerOf(place) : undefined;
  if (corner) keys.push(`corner:${corner}`);
  return keys;
}

/** The keys to look under for a new report: its own, and the neighbouring cells that reach within the rule's distance. */
export function lookupKeysOf(place: MatchablePlace, rule: GroupingRule): string[] {
  const keys = keysOf(place);
  if (place.cell && place.lat !== undefined && place.lng !== undefined) {
    const point = { lat: place.lat, lng: place.lng };
    const near = neighbours(place.cell).filter((cell) => metresToCell(point, cellBounds(cell)) <= rule.metres);
    keys.push(...near.map(areaKey));
  }
  return [...new Set(keys)];
}

/**
 * Cases with coordinates are filed per area (a 5-character geohash, about 4.9 km by 4.9 km): a town is one to
 * four documents per category, so a look-up reads one or two documents and compares distances in code.
 */
const AREA_PRECISION = 5;

function areaKey(cell: string): string {
  return `area:${cell.slice(0, AREA_PRECISION)}`;
}

/** The shortest distance from a point to a cell (0 inside it). */
function metresToCell(point: LatLng, cell: CellBounds): number {
  const nearest = {
    lat: Math.min(Math.max(point.lat, cell.south), cell.north),
    lng: Math.min(Math.max(point.lng, cell.west), cell.east),
  };
  return haversineMeters(point, nearest);
}

export function matchablePlace(location: CaseLocation): MatchablePlace {
  const place: MatchablePlace = { kind: location.kind };
  for (const key of ['street', 'number', 'crossStreet', 'landmark', 'lat', 'lng', 'cell'] as const) {
    if (location[key] !== undefined && location[key] !== null) Object.assign(place, { [key]: location[key] });
  }
  return place;
}
