/** Phone numbers as Twilio writes them (E.164), as residents key them in, and as they are shown or read out. */

const E164 = /^\+[1-9]\d{6,14}$/;

/** What Twilio puts in From when a caller hides their number: nothing to call or text back. */
const WITHHELD = new Set(['+266696687', '+7378742833', '+2562533', '+8656696']);

/** A number the city can call or text back. */
export function isReachableNumber(value: string | undefined): value is string {
  return value !== undefined && E164.test(value) && !WITHHELD.has(value);
}

/**
 * A North American number as a resident keys or types it ("289 555 1234", "1-289-555-1234", "(289) 555-1234"),
 * or any E.164 number, as E.164; undefined when it is not one.
 */
export function parsePhoneNumber(typed: string): string | undefined {
  const trimmed = typed.trim();
  if (E164.test(trimmed.replace(/[\s().-]/g, ''))) return trimmed.replace(/[\s().-]/g, '');
  const digits = trimmed.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  // NANP: area code and exchange never start with 0 or 1.
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(national) ? `+1${national}` : undefined;
}

/** "+12895551234" -> "289-555-1234" (how residents write their own number); other countries stay E.164. */
export function displayPhoneNumber(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `${nanp[1]}-${nanp[2]}-${nanp[3]}` : e164;
}
