import { TurnContext } from 'botbuilder';
import { findCaseNumber, isValidCaseNumber } from '../cases/caseNumber';
import { CaseService } from '../cases/CaseService';
import { isOpenStatus } from '../cases/statuses';
import { countWords } from '../understanding/text';

/** Longer than a bare "can someone call me back please": the resident said what it is about. */
const TOPIC_MIN_WORDS = 7;
export const MAX_TOPIC_LENGTH = 200;

/** What staff should know when a resident asks for a person: the case it is about, and their own words. */
export interface PersonRequest {
  caseNumber?: string;
  topic?: string;
}

/** The case named in the message, else the resident's most recent case still open. */
export async function personRequestFrom(context: TurnContext, cases: CaseService, text = ''): Promise<PersonRequest> {
  const typed = findCaseNumber(text);
  let caseNumber = typed && isValidCaseNumber(typed) ? typed : undefined;
  if (!caseNumber) {
    const [latest] = await cases.listForReporter(context.activity.from.id, 1);
    if (latest && isOpenStatus(latest.status)) caseNumber = latest.number;
  }
  const topic = countWords(text) >= TOPIC_MIN_WORDS ? text.trim().slice(0, MAX_TOPIC_LENGTH) : undefined;
  return { ...(caseNumber ? { caseNumber } : {}), ...(topic ? { topic } : {}) };
}
