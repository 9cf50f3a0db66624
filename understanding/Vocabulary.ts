import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CATEGORY_IDS } from '../cases/categories';

const phrases = z.array(z.string());

const vocabularySchema = z.object({
  intents: z.object({
    help: phrases,
    cancel: phrases,
    restart: phrases,
    status: phrases,
    report: phrases,
    greeting: phrases,
    thanks: phrases,
    // Newer lists: a language folder written before them still loads.
    request_callback: phrases.default([]),
    talk_to_person: phrases.default([]),
  }),
  yes: phrases,
  no: phrases,
  /** Start like a no without being one ("no idea", "no problem"). */
  notNo: phrases,
  /** Turn a yes into a correction ("yes but it's on King St"). */
  objections: phrases,
  questionWords: phrases,
  stopWords: phrases,
  urgent: phrases,
  /**
   * The safety net under the model: a hazard phrase means 911 whatever the model says. `notHazards` are read
   * first and hide their words ("fire hydrant", "could get hurt"); `gas` adds the gas utility's number.
   * A word ending in * matches every word it starts ("spark*").
   */
  emergency: z.object({ hazards: phrases.min(1), notHazards: phrases, gas: phrases.min(1) }),
  categories: z.object(Object.fromEntries(CATEGORY_IDS.map((id) => [id, phrases])) as Record<(typeof CATEGORY_IDS)[number], typeof phrases>),
  /** What residents answer at the read-back of a report, beyond yes and no. */
  readBack: z.object({ send: phrases, nothingToAdd: phrases, drop: phrases, undo: phrases }),
  /** Answers that say nothing about the problem ("idk"): never stored as a description. */
  notADescription: phrases,
  /** Words that ask to report without saying what ("I want to report a problem"): no description in them. */
  reportRequest: phrases,
  /** How a follow-up to the last answer starts ("what about on King St?"). */
  followUpCues: phrases,
  /** How residents name each language the bot speaks ("français", "english"), by locale. */
  languageNames: z.record(z.string(), phrases),
  location: z.object({
    markers: phrases,
    streetTypes: phrases,
    intersectionJoiners: phrases,
    /** "my lawn", "our street": a personal word before a private place is somewhere a crew cannot find. */
    personalWords: phrases,
    privatePlaces: phrases,
    /** A landmark in a first message must name a place ("near the library"), not a time ("at night"). */
    placeWords: phrases,
    timeWords: phrases,
    /** Words after which a landmark's description stops ("near the school and it is deep"). */
    landmarkEnds: phrases,
  }),
});

/** The words of one language that the recognizer looks for: locales/<lng>/vocabulary.json. */
export type Vocabulary = z.infer<typeof vocabularySchema>;

/** Loads every language's vocabulary, failing at start-up (not mid-conversation) when a file is malformed. */
export function loadVocabularies(localesDir: string, locales: string[]): Map<string, Vocabulary> {
  const result = new Map<string, Vocabulary>();
  for (const locale of locales) {
    const file = path.join(localesDir, locale, 'vocabulary.json');
    if (!existsSync(file)) continue;
    const parsed = vocabularySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    result.set(locale, parsed.data);
  }
  return result;
}
