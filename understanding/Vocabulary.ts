import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const phrases = z.array(z.string());

const vocabularySchema = z.object({
  yes: phrases,
  no: phrases,
  stopWords: phrases,
  urgent: phrases,
  /**
   * The safety net under the model: a hazard phrase means 911 whatever the model says. `notHazards` are read
   * first and hide their words ("fire hydrant", "could get hurt"); `gas` adds the gas utility's number.
   * A word ending in * matches every word it starts ("spark*").
   */
  emergency: z.object({ hazards: phrases.min(1), notHazards: phrases, gas: phrases.min(1) }),
  /** What residents answer at the read-back of a report, beyond yes and no. */
  readBack: z.object({ send: phrases, nothingToAdd: phrases, drop: phrases, undo: phrases }),
  /** Answers that say nothing about the problem ("idk"): never stored as a description. */
  notADescription: phrases,
  /** Words that ask to report without saying what ("I want to report a problem"): no description in them. */
  reportRequest: phrases,
  /** Asking to hear the last question again ("say that again", "répétez"): it is asked again, nothing else. */
  repeat: phrases,
  /** "asap", "tomorrow morning": answers to "when should we call you?" in the resident's words. */
  callbackWhen: z.object({ soonest: phrases, morning: phrases, afternoon: phrases }),
  /** The words of a bare request for a person ("can someone call me back please"): what is left is its topic. */
  personRequestWords: phrases,
  /** Asking for a new verification code ("send it again", "I didn't get it"). */
  resendCode: phrases.default([]),
  /** How a follow-up to the last answer starts ("what about on King St?"). */
  followUpCues: phrases,
  /** "Not fixed", "still there", "pas réglé": a subscriber answering a closure notice (reopens the case). */
  notFixed: phrases.optional(),
  /** How residents name each language the bot speaks ("français", "english"), by locale. */
  languageNames: z.record(z.string(), phrases),
});

/** The words of one language that really are vocabulary (yes and no, hazards, read-back answers): locales/<lng>/vocabulary.json. */
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
