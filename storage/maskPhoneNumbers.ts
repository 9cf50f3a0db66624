/** E.164 numbers as Twilio writes them (+ and 7 to 15 digits), alone or inside ids such as "+1555…:+1289…". */
const PHONE_NUMBER = /\+(\d)(\d{2,10})(\d{4})(?!\d)/g;

/**
 * Hides residents' phone numbers in text meant for logs and error messages: keeps the first and last four
 * digits (+1******1234), enough for an operator to tell two residents apart, not to call either.
 */
export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_NUMBER, (_match, first: string, middle: string, last: string) => `+${first}${'*'.repeat(middle.length)}${last}`);
}
