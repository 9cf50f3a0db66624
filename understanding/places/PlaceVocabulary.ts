import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const phrases = z.array(z.string().min(1));

const placeVocabularySchema = z.object({
  /** Canonical abbreviation ("St") -> the words residents use for it ("street", "rue"). */
  streetTypes: z.record(z.string(), phrases),
  /** "after": "King St"; "before": "rue King". */
  streetTypeOrder: z.enum(['before', 'after']),
  /** "corner of King and Queen streets", "coin des rues King et Queen". */
  pluralStreetTypes: phrases,
  /** Type words that are also everyday words ("way", "place"): they name a street the town lacks only after a number. */
  weakStreetTypes: phrases,
  /** Between a type and a name: "rue de l'Église". */
  nameConnectors: phrases,
  directions: phrases,
  articles: phrases,
  /** Between the two streets of a crossing: "and", "&", "/", "et". */
  joiners: phrases,
  /** "on Main between King and Queen": the place is on the first street, at the first cross street. */
  betweenWords: phrases,
  /** Words after which a bare name is a street: "on elm", "corner of mill". */
  streetMarkers: phrases,
  /** Words before a landmark: "near the library". */
  markers: phrases,
  /** Words after which a marker is something else: French "y a" / "il a" are the verb, not "à" without its accent. */
  notMarkersAfter: phrases,
  unitWords: phrases,
  /** A street's name used as an ordinary word: "oak tree", "king size", "water main break". */
  wordsNamedAfter: phrases,
  /** Words that never name a street before a type: "my street", "the road", "side street". */
  notStreetNames: phrases,
  /** "my lawn", "our street": a personal word before a private place is somewhere a crew cannot find. */
  personalWords: phrases,
  privatePlaces: phrases,
  privatePhrases: phrases,
  /** A landmark must name a place ("near the library"), not a time ("at night"). */
  placeWords: phrases,
  timeWords: phrases,
  /** Words after which a landmark's description stops ("near the school and it is deep"). */
  landmarkEnds: phrases,
  /** Words of talk, not of places: an answer made only of them ("idk", "its a question") is not a place. */
  conversationWords: phrases,
  questionWords: phrases,
  verbs: phrases,
  /** A message is a correction only with one of these ("actually", "sorry", "not", "*"). */
  correctionWords: phrases,
  /** Before the wrong part: "125 not 123". */
  negations: phrases,
  /** Words a correction may hold besides the place itself. */
  correctionFillers: phrases,
});

/** The words of one language that the place parser looks for: locales/<lng>/places.json. */
export type PlaceVocabulary = z.infer<typeof placeVocabularySchema>;

/** Loads every language's place words, failing at start-up (not mid-conversation) when a file is malformed. */
export function loadPlaceVocabularies(localesDir: string, locales: string[]): Map<string, PlaceVocabulary> {
  const result = new Map<string, PlaceVocabulary>();
  for (const locale of locales) {
    const file = path.join(localesDir, locale, 'places.json');
    if (!existsSync(file)) continue;
    const parsed = placeVocabularySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    result.set(locale, parsed.data);
  }
  return result;
}
