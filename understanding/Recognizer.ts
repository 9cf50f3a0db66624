import { CategoryId, CATEGORY_IDS } from '../cases/categories';
import { CaseLocation } from '../cases/CaseModel';
import { normalisePermitNumber } from '../permits/PermitStatusProvider';
import { findCaseNumber } from '../cases/caseNumber';
import { LocationParser } from './LocationParser';
import { Vocabulary } from './Vocabulary';
import { containsPhrase, normalise } from './text';

export type Intent =
  | 'help'
  | 'cancel'
  | 'restart'
  | 'status'
  | 'report'
  | 'question'
  | 'greeting'
  | 'thanks'
  | 'request_callback'
  | 'talk_to_person'
  | 'none';

export interface Recognition {
  intent: Intent;
  /** Matching categories, best first (on a tie, the one named first in the message). */
  categories: CategoryId[];
  /** The categories sharing the best score: one when the words are clear, several when they are not. */
  topCategories: CategoryId[];
  location: CaseLocation | null;
  /** Digits only, as typed (spaces and hyphens removed). */
  caseNumber?: string;
  permitNumber?: string;
  urgent: boolean;
}

/** Short messages only can be commands: "cancel" inside a long description is part of the description. */
const COMMAND_MAX_WORDS = 4;
/** "can I talk to someone about my pothole report please" asks for a person; a long description that says "call me" does not. */
const PERSON_MAX_WORDS = 12;
/** A message naming a problem asks for a person only if it says so first ("call me back about the pothole"). */
const PERSON_LEAD_WORDS = 4;

/** Understands a resident's message with each language's vocabulary; no cloud service needed. */
export class Recognizer {
  private readonly locations = new Map<string, LocationParser>();

  constructor(
    private readonly vocabularies: Map<string, Vocabulary>,
    private readonly fallbackLocale: string,
  ) {}

  recognize(text: string, locale: string): Recognition {
    const words = this.vocabulary(locale);
    const plain = normalise(text);
    const short = plain.split(' ').length <= COMMAND_MAX_WORDS;
    const caseNumber = findCaseNumber(text);
    const permitNumber = normalisePermitNumber(text) ?? undefined;
    const scored = this.scoreCategories(plain, words);
    const categories = scored.map((c) => c.id);
    const topCategories = bestOf(scored);
    const location = this.locationParser(locale).find(text);
    const urgent = words.urgent.some((p) => containsPhrase(plain, p));
    const base = { categories, topCategories, location, caseNumber, permitNumber, urgent };

    const has = (intent: keyof Vocabulary['intents']) => words.intents[intent].some((p) => containsPhrase(plain, p));
    if (short && has('cancel')) return { ...base, intent: 'cancel' };
    if (short && has('restart')) return { ...base, intent: 'restart' };
    // "help" or "i need some help" asks for the menu; "dog licence info" asks about dog licences.
    if (short && has('help') && this.wordsBeside(plain, words.intents.help, words.stopWords) <= 1) {
      return { ...base, intent: 'help' };
    }
    // "can someone call me back about the pothole" asks for a person; "streetlight out near the school call me at …" is a report.
    const asksFor = (intent: 'request_callback' | 'talk_to_person') => {
      const at = firstWordOf(plain, words.intents[intent]);
      return plain.split(' ').length <= PERSON_MAX_WORDS && at >= 0 && (categories.length === 0 || at < PERSON_LEAD_WORDS);
    };
    if (asksFor('request_callback')) return { ...base, intent: 'request_callback' };
    if (asksFor('talk_to_person')) return { ...base, intent: 'talk_to_person' };
    if (permitNumber || (caseNumber && (short || has('status')))) return { ...base, intent: 'status' };
    if (has('status')) return { ...base, intent: 'status' };
    const asksQuestion = text.trim().endsWith('?') || words.questionWords.some((p) => plain.startsWith(normalise(p) + ' '));
    if (has('report') && !asksQuestion) return { ...base, intent: 'report' };
    if (asksQuestion) return { ...base, intent: 'question' };
    // A statement that names a street address or a crossing is about something there: a report.
    if (categories.length > 0 || (location && location.kind !== 'landmark')) return { ...base, intent: 'report' };
    if (short && has('greeting')) return { ...base, intent: 'greeting' };
    if (short && has('thanks')) return { ...base, intent: 'thanks' };
    return { ...base, intent: plain ? 'question' : 'none' };
  }

  /** "yes", "yes please", "ok send it" (but not "yes... no, wait"). */
  isYes(text: string, locale: string): boolean {
    const words = this.vocabulary(locale);
    const plain = normalise(text);
    return leadsWith(plain, words.yes) && !this.isNo(text, locale) && !words.objections.some((w) => containsPhrase(plain, w));
  }

  /** "no", "no thanks", "don't send it", and "never mind, it's fixed" where a yes or no is asked. */
  isNo(text: string, locale: string): boolean {
    const words = this.vocabulary(locale);
    const plain = normalise(text);
    return leadsWith(plain, [...words.no, ...words.intents.cancel]) && !leadsWith(plain, words.notNo);
  }

  /** The categories sharing the best score for the answer to "what kind of problem?" (several when unclear). */
  topCategoriesOf(text: string, locale: string): CategoryId[] {
    return bestOf(this.scoreCategories(normalise(text), this.vocabulary(locale)));
  }

  locationParser(locale: string): LocationParser {
    const key = this.vocabularies.has(locale) ? locale : this.fallbackLocale;
    let parser = this.locations.get(key);
    if (!parser) {
      parser = new LocationParser(this.vocabulary(key).location);
      this.locations.set(key, parser);
    }
    return parser;
  }

  stopWords(locale: string): string[] {
    return this.vocabulary(locale).stopWords;
  }

  /** How many words other than the command and stop words a short message has: "info dog licence" asks about dogs. */
  private wordsBeside(plain: string, command: string[], stopWords: string[]): number {
    let rest = ` ${plain} `;
    for (const phrase of command.map(normalise).filter(Boolean)) rest = rest.split(` ${phrase} `).join('  ');
    const stop = new Set(stopWords.map(normalise));
    return rest.split(' ').filter((w) => w && !stop.has(w)).length;
  }

  /** Scores each category by how many words of its phrases occur; on a tie the subject named first wins. */
  private scoreCategories(plain: string, words: Vocabulary): ScoredCategory[] {
    const padded = ` ${plain} `;
    const streetTypes = new Set(words.location.streetTypes.map(normalise));
    const scored = CATEGORY_IDS.map((id) => {
      let score = 0;
      let first = Number.POSITIVE_INFINITY;
      for (const phrase of words.categories[id]) {
        const p = normalise(phrase);
        const at = p ? subjectAt(padded, p, streetTypes) : -1;
        if (at < 0) continue;
        score += p.split(' ').length;
        first = Math.min(first, at);
      }
      return { id, score, first };
    });
    return scored.filter((c) => c.score > 0).sort((a, b) => b.score - a.score || a.first - b.first);
  }

  private vocabulary(locale: string): Vocabulary {
    const words = this.vocabularies.get(locale) ?? this.vocabularies.get(this.fallbackLocale);
    if (!words) throw new Error(`No vocabulary for "${locale}" nor the fallback "${this.fallbackLocale}"`);
    return words;
  }
}

/** Where `phrase` first names a subject in `padded` text: "park" in "Park Ave" is part of a street's name. */
function subjectAt(padded: string, phrase: string, streetTypes: Set<string>): number {
  for (let at = padded.indexOf(` ${phrase} `); at >= 0; at = padded.indexOf(` ${phrase} `, at + 1)) {
    const next = padded.slice(at + phrase.length + 2).split(' ', 1)[0];
    if (!streetTypes.has(next)) return at;
  }
  return -1;
}

interface ScoredCategory {
  id: CategoryId;
  score: number;
  first: number;
}

function bestOf(scored: ScoredCategory[]): CategoryId[] {
  return scored.filter((c) => c.score === scored[0].score).map((c) => c.id);
}

/** Whether the message is, or starts with, one of the phrases as whole words. */
function leadsWith(plain: string, phrases: string[]): boolean {
  return phrases.some((phrase) => {
    const p = normalise(phrase);
    return p !== '' && (plain === p || plain.startsWith(`${p} `));
  });
}

/** The word position where the first of the phrases occurs in already-normalised text, or -1. */
function firstWordOf(plain: string, phrases: string[]): number {
  const padded = ` ${plain} `;
  const found = phrases
    .map((phrase) => padded.indexOf(` ${normalise(phrase)} `))
    .filter((at) => at >= 0)
    .sort((a, b) => a - b)[0];
  return found === undefined ? -1 : padded.slice(0, found).trim().split(' ').filter(Boolean).length;
}
