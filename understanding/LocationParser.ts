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

  constructor(words: Vocabulary['location']) {
    const types = words.streetTypes.map(escapeRegExp).join('|');
    const street = `(?:[\\p{L}'.]+\\s+){1,2}?(?:${types})\\b\\.?`;
    const joiners = words.intersectionJoiners.map(escapeRegExp).join('|');
    const markers = [...words.markers].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    this.address = new RegExp(`\\b\\d{1,6}[a-z]?\\s+${street}`, 'iu');
    this.intersection = new RegExp(`(?<![\\p{L}\\d])(${street})\\s*(?:${joiners})\\s*(${street})`, 'iu');
    this.landmark = new RegExp(`(?:^|\\s)(?:${markers})\\s+([^,.;!?\\n]{3,80})`, 'iu');
    this.streets = new RegExp(street, 'giu');
    this.leadingMarker = new RegExp(`^\\s*(?:${markers})(?:\\s|$)`, 'iu');
    const personal = words.personalWords.map(escapeRegExp).join('|');
    // Within the first words: "my lawn", "in my front yard", "behind our house".
    this.personal = new RegExp(`^(?:[\\p{L}']+\\s+){0,2}?(?:${personal})\\b`, 'iu');
  }

  /** A location stated inside a longer message, or null when the message names none. */
  find(text: string): CaseLocation | null {
    const address = this.address.exec(text);
    if (address) return { text: tidy(address[0]), kind: 'address' };
    const crossing = this.intersection.exec(text);
    if (crossing) return { text: `${tidy(stripLeadingMarker(crossing[1]))} & ${tidy(crossing[2])}`, kind: 'intersection' };
    const landmark = this.landmark.exec(text);
    if (landmark && !this.personal.test(landmark[1])) return { text: tidy(this.endAtStreet(landmark[1])), kind: 'landmark' };
    return null;
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
    const whole = tidy(text);
    // "my house" is somewhere only the resident knows: ask again for an address or a landmark.
    return whole.length >= 3 && !this.personal.test(whole) ? { text: whole.slice(0, 200), kind: 'landmark' } : null;
  }
}

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[.,]$/, '');
}

/** In "pothole on Main St and King St" the first street starts after the marker word "on". */
function stripLeadingMarker(text: string): string {
  return text.replace(/^(?:the|on|at|of|by|near|corner)\s+/i, '');
}
