import { CategoryId } from '../cases/categories';
import { Intent } from './intents';

/** A label and how sure the model is of it, 0..1. */
export interface Scored<T> {
  id: T;
  score: number;
}

/** A place in the town as a resident names it, normalised against the gazetteer when the town knows it. */
export interface Place {
  /** As shown to residents and staff: "125 Main St", "Main St & Victoria St", "Elmhurst Public Library". */
  text: string;
  kind: 'address' | 'intersection' | 'landmark';
  street?: string;
  number?: string;
  crossStreet?: string;
  landmark?: string;
  lat?: number;
  lng?: number;
  /** Found in the town's gazetteer; a free-text place is kept but flagged for staff. */
  known: boolean;
}

/** What one message says, in every way the dialogs need. */
export interface Understanding {
  /** ISO 639-1 language the message is written in (best guess). */
  language: string;
  /** Low for short or neutral messages ("ok", "45 Elm St"), which never switch the conversation's language. */
  languageConfidence: number;
  intent: Intent;
  intentConfidence: number;
  /** Best first. */
  intents: Scored<Intent>[];
  /** Null when the model is unsure; `categories` then holds the likely ones, best first. */
  category: CategoryId | null;
  categories: Scored<CategoryId>[];
  topic: string | null;
  topics: Scored<string>[];
  caseNumber: string | null;
  permitNumber: string | null;
  place: Place | null;
  /** Danger to life or property now: 911 first. */
  emergency: { gas: boolean } | null;
  /** A hazard that is not an emergency ("cars swerving"): the case goes up the crew's queue. */
  urgent: boolean;
}

export interface Understander {
  understand(text: string, options: { locale?: string }): Promise<Understanding>;
}

/** The answer to "where is it?". */
export type PlaceAnswer = { kind: 'place'; place: Place } | { kind: 'unknown'; place: Place } | { kind: 'notAPlace' };

/** Reads places in residents' words, against the town's gazetteer. */
export interface PlaceReader {
  /** A place named inside a longer message. */
  find(text: string, locale: string): Place | null;
  parseAnswer(text: string, locale: string): PlaceAnswer;
  /** "actually 125 not 123", "sorry I meant Queen St": the corrected place, or null when it is no correction. */
  correction(text: string, current: Place | null, locale: string): Place | null;
}
