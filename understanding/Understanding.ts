import { TFunction } from 'i18next';
import { LabelledPlace } from './places/PlaceLabels';
import { CategoryId } from '../cases/categories';
import { Intent } from './intents';
import { Place, PlaceAnswer } from './places/Place';

export type { Place } from './places/Place';

/** A label and how sure the model is of it, 0..1. */
export interface Scored<T> {
  id: T;
  score: number;
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

/** Reads places in residents' words, against the town's gazetteer (PlaceParser). */
export interface PlaceReader {
  /** A place named inside a longer message. */
  find(text: string, locale: string): Place | null;
  parseAnswer(text: string, locale: string): PlaceAnswer;
  /** "actually 125 not 123", "sorry I meant Queen St": the corrected place, or null when it is no correction. */
  correction(text: string, current: Place | null, locale: string): Place | null;
  /** The place as a resident of that language reads it ("45, rue Elm"). */
  label(place: LabelledPlace, locale: string, t: TFunction): string;
}
