import { findCaseNumber } from '../cases/caseNumber';
import { normalisePermitNumber } from '../permits/PermitStatusProvider';

/** North American phone numbers ("905-555-1234", "(905) 555 1234", "+1 905 555 1234", "555-1234"): never a case number. */
const PHONE_NUMBER = new RegExp(
  [
    // With an area code, separated or not, perhaps after +1: "905-555-1234", "(905) 555 1234", "+1 905 555 1234", "9055551234".
    /(?<![\d-])(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?[2-9]\d{2}[\s.-]?\d{4}(?![\d-])/.source,
    // A local number, always written with its separator: "555-1234" (not "1234 5672", a case number).
    /(?<![\d\s.-])[2-9]\d{2}[.-]\d{4}(?![\d-])/.source,
  ].join('|'),
  'g',
);

/** The case number typed in a message (digits only), not counting phone numbers; null when there is none. */
export function caseNumberIn(text: string): string | null {
  return findCaseNumber(text.replace(PHONE_NUMBER, ' ')) ?? null;
}

/** A permit application number ("BP-2026-0142", "bp 2026 142"), normalised; null when there is none. */
export function permitNumberIn(text: string): string | null {
  return normalisePermitNumber(text);
}
