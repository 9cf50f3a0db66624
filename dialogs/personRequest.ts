import { TurnContext } from 'botbuilder';
import { findCaseNumber, isValidCaseNumber } from '../cases/caseNumber';
import { CaseService } from '../cases/CaseService';
import { isOpenStatus } from '../cases/statuses';
import { normalise } from '../understanding/text';

/** Words beyond the request itself ("…about my water bill"): the resident said what it is about. */
const TOPIC_MIN_WORDS = 2;
export const MAX_TOPIC_LENGTH = 200;

/** What staff should know when a resident asks for a person: the case it is about, and their own words. */
export interface PersonRequest {
  caseNumber?: string;
  topic?: string;
}

/** The case named in the message, else the resident's most recent case still open; the words, if they say more than the request. */
export async function personRequestFrom(context: TurnContext, cases: CaseService, text: string, requestWords: readonly string[]): Promise<PersonRequest> {
  const typed = findCaseNumber(text);
  let caseNumber = typed && isValidCaseNumber(typed) ? typed : undefined;
  if (!caseNumber) {
    const [latest] = await cases.listForReporter(context.activity.from.id, 1);
    if (latest && isOpenStatus(latest.status)) caseNumber = latest.number;
  }
  const request = new Set(requestWords.map(normalise));
  const said = normalise(text).split(' ').filter((word) => word && !request.has(word));
  const topic = said.length >= TOPIC_MIN_WORDS ? text.trim().slice(0, MAX_TOPIC_LENGTH) : undefined;
  return { ...(caseNumber ? { caseNumber } : {}), ...(topic ? { topic } : {}) };
}
