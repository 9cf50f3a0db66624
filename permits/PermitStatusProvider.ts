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

/**
 * The permit system is external to CivicLine: anything that can answer these questions plugs in here. Permit
 * numbers run in sequence, so a number alone never shows an application: the applicant's phone, or a second
 * fact from the application (its postal code), must go with it.
 */
export interface PermitStatusProvider {
  findForApplicant(number: string, phone: string): Promise<PermitStatus | null>;
  findWithPostalCode(number: string, postalCode: string): Promise<PermitStatus | null>;
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

/** "l4x2b7", "L4X 2B7" -> "L4X2B7"; null when it is not a Canadian postal code. */
export function normalisePostalCode(typed: string): string | null {
  const match = /\b([a-z]\d[a-z])\s?-?(\d[a-z]\d)\b/i.exec(typed);
  return match ? `${match[1]}${match[2]}`.toUpperCase() : null;
}
