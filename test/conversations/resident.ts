import { readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { CivicLine } from '../../app/createCivicLine';
import { CaseRecord } from '../../cases/CaseModel';
import { TextingResident } from '../support/civicLineHarness';
import { PROJECT_ROOT } from '../support/paths';

let nextPhone = 0;

/** A resident texting the city, whose outcome (the cases on file from their phone) the tests judge. */
export class Resident extends TextingResident {
  constructor(civicLine: CivicLine, phone = `+1289556${String(nextPhone++ % 10000).padStart(4, '0')}`) {
    super(civicLine, phone);
  }

  /** Every case filed from this phone, oldest first. */
  async cases(): Promise<CaseRecord[]> {
    return (await this.civicLineCases().listForReporter(this.phone, 50)).reverse();
  }

  /** The one case filed from this phone (fails the test when there is not exactly one). */
  async onlyCase(): Promise<CaseRecord> {
    const cases = await this.cases();
    expect(cases).toHaveLength(1);
    return cases[0];
  }
}

/**
 * The first sentence of a knowledge topic's answer in a language: seeing it in a reply means that topic was
 * answered, whatever the wording around it.
 */
export function answerOf(topicId: string, locale = 'en'): string {
  const { content } = matter(readFileSync(path.join(PROJECT_ROOT, 'knowledge', locale, `${topicId}.md`), 'utf8'));
  return content.trim().split(/(?<=[.!?])\s/)[0].slice(0, 60);
}

/** The town's phone number as residents are told it. */
export const CITY_PHONE = '905-555-0311';
