import { CaseLocation } from '../cases/CaseModel';
import { Vocabulary } from './Vocabulary';
import { escapeRegExp } from './text';

/**
 * Finds where a problem is from a resident's words: a civic address ("123 Main St"), an intersection
 * ("Main St and King St") or a landmark after a marker word ("near the library"). No map needed, so
 * SMS and screen-reader users are not shut out.
 */
export class LocationParser {
  private readonly address: RegExp;
  private readonly intersection: RegExp;
  private readonly landmark: RegExp;
  private readonly streets: RegExp;
  private readonly leadingMarker: RegExp;
  private readonly personal: RegExp;
  private readonly places: Set<string>;
  private readonly times: Set<string>;
  private readonly ends: Set<string>;

  constructor(words: Vocabulary['location']) {
    const types = words.streetTypes.map(escapeRegExp).join('|');
    const street = `(?:[\\p{L}'.]+\\s+){1,2}?(?:${types})\\b\\.?`;
    const joiners = words.intersectionJoiners.map(escapeRegExp).join('|');
    const markers = [...words.markers].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    this.address = new RegExp(`\\b\\d{1,6}[a-z]?\\s+${street}`, 'iu');
    this.intersection = new RegExp(`(?<![\\p{L}\\d])(${street})\\s*(?:${joiners})\\s*(${street})`, 'iu');
    this.landmark = new RegExp(`(?:^|\\s)(?:${markers})\\s+([^,.;!?\\n]{3,80})`, 'giu');
    this.streets = new RegExp(street, 'giu');
    this.leadingMarker = new RegExp(`^\\s*(?:${markers})(?:\\s|$)`, 'iu');
    const personal = words.personalWords.map(escapeRegExp).join('|');
    const privatePlaces = words.privatePlaces.map(escapeRegExp).join('|');
    // "my lawn", "in my front yard", "behind our house" — but not "Our Lady of Peace church".
    this.personal = new RegExp(`(?:^|\\s)(?:${personal})\\s+(?:[\\p{L}']+\\s+)?(?:${privatePlaces})\\b`, 'iu');
    this.places = new Set([...words.placeWords, ...words.streetTypes].map((w) => w.toLowerCase()));
    this.times = new Set(words.timeWords.map((w) => w.toLowerCase()));
    this.ends = new Set(words.landmarkEnds.map((w) => w.toLowerCase()));
  }

  /** A location stated inside a longer message, or null when the message names none. */
  find(text: string): CaseLocation | null {
    const address = this.address.exec(text);
    if (address) return { text: tidy(address[0]), kind: 'address' };
    const crossing = this.intersection.exec(text);
    if (crossing) return { text: `${tidy(stripLeadingMarker(crossing[1]))} & ${tidy(crossing[2])}`, kind: 'intersection' };
    for (const match of text.matchAll(this.landmark)) {
      const landmark = this.trimLandmark(match[1]);
      if (landmark && this.namesPlace(landmark) && !this.isPersonal(landmark) && !this.isTime(landmark)) {
        return { text: landmark, kind: 'landmark' };
      }
    }
    return null;
  }

  /** Keeps the place and drops what follows it: contact details (never shown), clauses, extra words. */
  private trimLandmark(raw: string): string {
    const withoutContact = raw.split(CONTACT_DETAILS)[0];
    const words = withoutContact.trim().split(/\s+/);
    const end = words.findIndex((w, i) => i > 0 && this.ends.has(w.toLowerCase()));
    return tidy(this.endAtStreet(words.slice(0, end > 0 ? end : MAX_LANDMARK_WORDS).slice(0, MAX_LANDMARK_WORDS).join(' ')));
  }

  /** A place word, a street type or a proper name ("Tim Hortons"): "near the library", not "on the wall". */
  private namesPlace(landmark: string): boolean {
    return landmark.split(' ').some((w) => this.places.has(w.toLowerCase()) || (/^\p{Lu}/u.test(w) && !ARTICLE.test(w)));
  }

  private isPersonal(text: string): boolean {
    return this.personal.test(` ${text}`);
  }

  /** "at night", "on weekends", "at 2am": when, not where. */
  private isTime(landmark: string): boolean {
    const first = landmark.replace(this.leadingMarker, '').trim().replace(ARTICLE_PREFIX, '').split(' ')[0]?.toLowerCase() ?? '';
    return this.times.has(first) || /^\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m|p\.m)?$/i.test(first) || /^\d{1,2}(?::\d{2})?(?:am|pm)/i.test(first);
  }

  /**
   * "King St every night" -> "King St": a landmark ends with the street it names, unless more place words follow
   * ("the school on Birch Rd", "the trail by the river"). "the road", "my street" name no street.
   */
  private endAtStreet(landmark: string): string {
    this.streets.lastIndex = 0;
    for (let m = this.streets.exec(landmark); m; m = this.streets.exec(landmark)) {
      const rest = landmark.slice(m.index + m[0].length);
      if (!rest.trim() || this.leadingMarker.test(rest) || /^(?:the|a|an|my|our|your|this|that)\s/i.test(m[0])) continue;
      return landmark.slice(0, m.index + m[0].length);
    }
    return landmark;
  }

  /** The answer to "where is it?": anything that is not a recognised pattern is taken as a landmark. */
  parseAnswer(text: string): CaseLocation | null {
    const found = this.find(text);
    if (found) return found;
    const whole = tidy(text.split(CONTACT_DETAILS)[0]);
    // "my house" is somewhere only the resident knows: ask again for an address or a landmark.
    if (whole.length < 3 || this.isPersonal(whole) || this.isTime(whole)) return null;
    return { text: whole.slice(0, 200), kind: 'landmark' };
  }
}

const MAX_LANDMARK_WORDS = 8;
/** Phone numbers and e-mail addresses: a location is shown to anyone who asks about the case. */
const CONTACT_DETAILS = /\+?\d[\d\s().-]{6,}\d|\S+@\S+/;
const ARTICLE = /^(?:the|a|an)$/i;
const ARTICLE_PREFIX = /^(?:the|a|an)\s+/i;

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[.,]$/, '');
}

/** In "pothole on Main St and King St" the first street starts after the marker word "on". */
function stripLeadingMarker(text: string): string {
  return text.replace(/^(?:the|on|at|of|by|near|corner)\s+/i, '');
}
