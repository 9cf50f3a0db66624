/**
 * Where a problem is, as the town can act on it. `text` is canonical ("125 Main St", "Main St & Victoria St",
 * "Town Hall") when the place is known, or the resident's own words when it is not.
 */
export interface Place {
  text: string;
  kind: 'address' | 'intersection' | 'landmark';
  /** Canonical street name ("Main St"), or the tidied name of a street the town does not have. */
  street?: string;
  /** Civic number as written, suffix upper-cased ("45B"). */
  number?: string;
  /** Apartment or unit ("45 Elm St apt 3", "3-45 Elm St"). */
  unit?: string;
  crossStreet?: string;
  /** Canonical name of a named place ("Elmhurst Memorial Arena"), or the resident's words for an unknown one. */
  landmark?: string;
  lat?: number;
  lng?: number;
  /** True when the gazetteer has it: a known street with the number in range, streets that meet, a named place. */
  known: boolean;
}

/** Finds a place inside a longer message. */
export interface PlaceFinder {
  find(text: string, locale: string): Place | null;
}

/**
 * The answer to "where is it?". `unknown`: words the town cannot place, read back for confirmation and then
 * kept as free text flagged for staff. `notAPlace`: "yes", "idk", "my house": ask again with an example.
 */
export type PlaceAnswer = { kind: 'place'; place: Place } | { kind: 'unknown'; place: Place } | { kind: 'notAPlace' };
