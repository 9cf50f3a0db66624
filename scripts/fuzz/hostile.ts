import { Random } from './random';

/** Words that start real dialogs, so hostile bytes reach the read-backs that echo them. */
const OPENERS = ['pothole at 5 Elm St', 'streetlight out at 40 King St', 'graffiti on the wall at 12 Queen St', 'yes', 'no', 'menu', 'status 12345678', 'help', 'bonjour', 'send it', 'never mind', '1', '2', '3', 'call me back', 'talk to a person', 'when is the pool open?'];

const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat(['\u007f', '\u0085', '\u2028', '\u2029', '\u200b', '\u202e', '\ufeff', '\ufffe', '\uffff', '\ufffd']);
const ODD = ['😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', 'é', 'ß', 'ﬁ', '中文', 'العربية', '𝕏', '\u0301', '<Response><Say>hi</Say></Response>', ']]>', '&amp;', '&#0;', '"\'', '{"$ne":null}', '$where', '$gt', '%00', '%s%n', '\\x00', '../../etc/passwd', '${jndi:x}'];

/** One piece of text a hostile or unlucky sender might type: control characters, odd scripts, markup, operators. */
export function hostileText(r: Random): string {
  switch (r.int(9)) {
    case 0:
      return r.pick(OPENERS) + r.pick(CONTROL) + ' ' + r.pick(OPENERS);
    case 1:
      return Array.from({ length: 1 + r.int(20) }, () => r.pick(CONTROL)).join('');
    case 2:
      return r.pick(OPENERS) + ' ' + Array.from({ length: 1 + r.int(8) }, () => r.pick(ODD)).join(' ');
    case 3:
      // Any code points, surrogate pairs included (a lone half cannot be sent in a form: it is not UTF-8).
      return Array.from({ length: 1 + r.int(60) }, () => String.fromCodePoint(randomCodePoint(r))).join('');
    case 4:
      // Long: the read-back cuts the words at 100 characters, the SMS at 1,600: emoji straddle the cuts.
      return r.pick(OPENERS) + ' ' + Array.from({ length: 50 + r.int(900) }, () => r.pick(['😀', 'a', ' ', 'é', r.pick(CONTROL)])).join('');
    case 5:
      return r.bytes(1 + r.int(80)).toString('latin1');
    case 6:
      return r.pick(OPENERS);
    case 7:
      return '';
    default:
      return r.pick(ODD) + r.pick(OPENERS) + r.pick(CONTROL);
  }
}

function randomCodePoint(r: Random): number {
  for (;;) {
    const bucket = r.int(4);
    const cp = bucket === 0 ? r.int(0x80) : bucket === 1 ? r.int(0x800) : bucket === 2 ? r.int(0x10000) : 0x10000 + r.int(0x100000);
    if (cp < 0xd800 || cp > 0xdfff) return cp;
  }
}

/** A value of the wrong kind for a JSON field: operators, arrays, objects, numbers, huge strings. */
export function hostileJsonValue(r: Random): unknown {
  switch (r.int(10)) {
    case 0:
      return { $ne: null };
    case 1:
      return { $gt: '' };
    case 2:
      return [hostileText(r), { $regex: '.*' }];
    case 3:
      return r.int(2 ** 31) * (r.chance(0.5) ? -1 : 1);
    case 4:
      return null;
    case 5:
      return true;
    case 6:
      return 'x'.repeat(r.int(20_000));
    case 7:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    default:
      return hostileText(r);
  }
}
