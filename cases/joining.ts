import { CaseRecord } from './CaseModel';
import { Severity } from './categories';

/** Reporters it takes to raise a case's priority by one level. */
export const REPORTERS_PER_PRIORITY_LEVEL = 3;

/**
 * A case's priority as residents join it: its severity, one level more urgent for every 3 reporters (3 to 5
 * reporters: one level, 6 to 8: two), never beyond 1, the most urgent. Staff see the count (`reporterCount`).
 */
export function priorityFor(severity: Severity, reporterCount: number): number {
  return Math.max(1, severity - Math.floor(reporterCount / REPORTERS_PER_PRIORITY_LEVEL));
}

/**
 * What joining a report to a case did. `joined`: the resident is a new subscriber (or this very submission joined
 * before: a retried turn). `alreadyReporter`: they were subscribed already; their words and photos were added.
 */
export interface JoinResult {
  record: CaseRecord;
  outcome: 'joined' | 'alreadyReporter';
}

/** A merged case forwards joins to the case it was merged into; a chain longer than this is a data fault. */
export const MAX_MERGE_HOPS = 3;
