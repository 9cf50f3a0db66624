import { readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { CaseLocation } from '../../cases/CaseModel';
import { gsm7Transliterate } from '../../channels/sms/smsSegments';
import { BotPrompts } from './BotPrompts';
import { ExpectedPlace, Scenario } from './Scenario';
import { Transcript } from './SimulatedResident';

/** What a case on file looks like to the judge. */
export interface FiledCase {
  category: string;
  location: CaseLocation;
}

export interface Verdict {
  ok: boolean;
  /** Texts the resident sent (for reports: the cost of filing one). */
  texts: number;
  /** Why it failed, in a line. */
  why?: string;
}

/** Judges a conversation by its outcome: the right case at the right place, the right answer, 911, a person. */
export function judge(scenario: Scenario, transcript: Transcript, cases: FiledCase[], prompts: BotPrompts, root: string): Verdict {
  const texts = transcript.sent.length;
  // Residents read texts in GSM-7 ("hotel de ville"): expected words are compared the same way.
  const all = gsm7Transliterate(transcript.replies.join('\n\n'));
  const fail = (why: string): Verdict => ({ ok: false, texts, why });
  const { goal } = scenario;
  switch (goal.kind) {
    case 'report': {
      if (cases.length !== 1) return fail(`${cases.length} cases filed`);
      const [filed] = cases;
      if (filed.category !== goal.category) return fail(`filed as ${filed.category}, not ${goal.category}`);
      const wrongPlace = placeMismatch(filed.location, goal.place);
      return wrongPlace ? fail(`place ${JSON.stringify(filed.location.text)}: ${wrongPlace}`) : { ok: true, texts };
    }
    case 'question': {
      if (cases.length > 0) return fail('a case was filed for a question');
      const expected = gsm7Transliterate(goal.expect ?? firstSentence(root, scenario.locale, goal.topic));
      return all.includes(expected) ? { ok: true, texts } : fail(`answer lacks ${JSON.stringify(expected)}`);
    }
    case 'emergency': {
      const firstLine = (transcript.replies[0] ?? '').split('\n')[0];
      if (!firstLine.includes('911')) return fail('911 was not the first line');
      if (goal.gas && !all.includes(gsm7Transliterate(prompts.fixedPart('emergency.gas')))) return fail('no gas emergency line');
      return { ok: true, texts };
    }
    case 'person':
      return all.includes(prompts.t('city.phone')) ? { ok: true, texts } : fail("no contact number for a person");
  }
}

function placeMismatch(location: CaseLocation, expected: ExpectedPlace): string | undefined {
  const streets = [location.street, location.crossStreet];
  if (expected.street && !streets.includes(expected.street)) return `street is not ${expected.street}`;
  if (expected.crossStreet && !streets.includes(expected.crossStreet)) return `no cross street ${expected.crossStreet}`;
  if (expected.number && location.number !== expected.number) return `number is not ${expected.number}`;
  if (expected.contains && !location.text.toLowerCase().includes(expected.contains.toLowerCase())) return `does not name ${expected.contains}`;
  if (expected.known !== undefined && (location.known ?? false) !== expected.known) return `known is not ${expected.known}`;
  return undefined;
}

function firstSentence(root: string, locale: string, topic: string): string {
  const { content } = matter(readFileSync(path.join(root, 'knowledge', locale, `${topic}.md`), 'utf8'));
  return content.trim().split(/(?<=[.!?])\s/)[0].slice(0, 60);
}
