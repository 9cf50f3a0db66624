import { findCaseNumber } from '../cases/caseNumber';
import { normalisePermitNumber } from '../permits/PermitStatusProvider';

/** North American phone numbers ("905-555-1234", "(905) 555 1234", "+1 905 555 1234", "555-1234"): never a case number. */
const PHONE_NUMBER = /(?<![\d-])(?:\+?1[\s.-]?)?(?:\(?[2-9]\d{2}\)?[\s.-]?)?[2-9]\d{2}[\s.-]\d{4}(?![\d-])|(?<!\d)(?:\+?1)?[2-9]\d{2}[2-9]\d{6}(?!\d)/g;

/** The case number typed in a message (digits only), not counting phone numbers; null when there is none. */
export function caseNumberIn(text: string): string | null {
  return findCaseNumber(text.replace(PHONE_NUMBER, ' ')) ?? null;
}

/** A permit application number ("BP-2026-0142", "bp 2026 142"), normalised; null when there is none. */
export function permitNumberIn(text: string): string | null {
  return normalisePermitNumber(text);
}
