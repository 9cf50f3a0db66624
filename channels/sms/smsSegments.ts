/**
 * How many SMS a text costs. One character outside the GSM 03.38 alphabet sends the whole text as UCS-2,
 * which cuts a segment from 160 to 70 characters; so French letters the alphabet lacks (ê, ç, â...) are
 * replaced by their nearest GSM-7 letter before sending, while the ones it has (é, è, à, ù, É) stay.
 */

/** The GSM 03.38 default alphabet (one septet each); the escape code 0x1B is not a character of its own. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: each costs two septets (escape + code), and a segment never splits the pair. */
const GSM7_EXTENDED = new Set('\f^{}\\[~]|€');

const SINGLE_GSM7 = 160;
const PART_GSM7 = 153;
const SINGLE_UCS2 = 70;
const PART_UCS2 = 67;

/** Characters with no accent to strip, or typography phones and word processors put in. */
const NEAREST: Record<string, string> = {
  œ: 'oe',
  Œ: 'OE',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '″': '"',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '−': '-',
  '…': '...',
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export function isGsm7(char: string): boolean {
  return GSM7_BASIC.has(char) || GSM7_EXTENDED.has(char);
}

/**
 * Replaces each character the GSM-7 alphabet lacks by its nearest GSM-7 form (ê -> e, ç -> c, À -> A,
 * œ -> oe, curly quotes -> straight). Characters with no Latin neighbour (other scripts, emoji) are kept:
 * such a text is sent as UCS-2, as it must be.
 */
export function gsm7Transliterate(text: string): string {
  let out = '';
  for (const char of text) {
    if (isGsm7(char)) out += char;
    else if (char in NEAREST) out += NEAREST[char];
    else {
      const bare = char.normalize('NFD').replace(/\p{M}+/gu, '');
      out += bare && [...bare].every(isGsm7) ? bare : char;
    }
  }
  return out;
}

export function smsEncoding(text: string): SmsEncoding {
  return [...text].every(isGsm7) ? 'GSM-7' : 'UCS-2';
}

/** The number of segments Twilio bills for `text` as it is (apply gsm7Transliterate first to send GSM-7). */
export function smsSegments(text: string): number {
  if (text === '') return 0;
  const gsm = smsEncoding(text) === 'GSM-7';
  // Units: septets for GSM-7, UTF-16 code units for UCS-2; an escape pair or a surrogate pair is never split.
  const units = [...text].map((c) => (gsm ? (GSM7_EXTENDED.has(c) ? 2 : 1) : c.length));
  const [single, part] = gsm ? [SINGLE_GSM7, PART_GSM7] : [SINGLE_UCS2, PART_UCS2];
  const total = units.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const size of units) {
    if (used + size > part) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return segments;
}
