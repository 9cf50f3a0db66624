/** The steps of a building-permit application; names and explanations live in locales/ (permitStep.<code>). */
export const PERMIT_STEPS = ['received', 'completeness_check', 'zoning_review', 'plans_review', 'decision', 'issued', 'refused'] as const;
export type PermitStep = (typeof PERMIT_STEPS)[number];

export interface PermitStatus {
  number: string;
  /** As the permit system describes the work, e.g. "Deck, rear yard". */
  work: string;
  address: string;
  step: PermitStep;
  stepChangedAt: Date;
  /** When a decision is expected; absent once decided. */
  expectedDecisionBy?: Date;
}

/** The permit system is external to CivicLine: anything that can answer these two questions plugs in here. */
export interface PermitStatusProvider {
  findByNumber(number: string): Promise<PermitStatus | null>;
  listForApplicant(phone: string): Promise<PermitStatus[]>;
}

/**
 * "bp 2026 142", "BP-2026-0142" -> "BP-2026-0142"; null when it is not a permit number. The year must look
 * like one, so "my case is 2455 7548" is not read as permit "IS-2455-7548".
 */
export function normalisePermitNumber(typed: string): string | null {
  const match = /\b([a-z]{2})[\s-]?(20\d{2})[\s-]?(\d{1,4})\b/i.exec(typed);
  if (!match) return null;
  return `${match[1].toUpperCase()}-${match[2]}-${match[3].padStart(4, '0')}`;
}
