import { Street } from './Gazetteer';
import { KnownLandmarks, LandmarkHit } from './KnownLandmarks';
import { isPersonal, isTime, namesPlace, phrasesAfterMarkers, Span } from './landmarkPhrase';
import { Place, PlaceAnswer } from './Place';
import { PlaceBuilder } from './PlaceBuilder';
import { PlaceWords } from './PlaceWords';
import { findMentions, Mention } from './streetMentions';
import { StreetNames, StreetType } from './StreetNames';
import { Talk } from './Talk';
import { Token, tokenise } from './tokens';

/** Phone numbers and e-mail addresses: a place is shown to anyone who asks about the case, so they are never kept. */
const CONTACT_DETAILS = /\+?\d[\d\s().-]{6,}\d|\S+@\S+/g;
const MAX_FREE_TEXT = 200;
const MAX_JOINER_GAP = 4;

interface Analysis {
  text: string;
  /** Where the first phone number or e-mail address was (text length when none). */
  contactAt: number;
  tokens: Token[];
  landmarks: LandmarkHit[];
  mentions: Mention[];
}

type Mode = 'message' | 'answer' | 'correction';

interface Crossing {
  a: Mention;
  b: Mention;
}

/** Reads places in one language's messages: the work behind PlaceParser for one locale. */
export class PlaceReader {
  private readonly talk: Talk;

  constructor(
    private readonly build: PlaceBuilder,
    private readonly names: StreetNames,
    private readonly words: PlaceWords,
    private readonly known: KnownLandmarks,
  ) {
    this.talk = new Talk(words);
  }

  /** A street from its name alone, forgiving typos and a missing or French type: "mian st", "wellignton", "rue King". */
  street(text: string): Street | null {
    const tokens = tokenise(text).filter((t) => t.kind !== 'sign');
    const mentions = findMentions(tokens, this.names, this.words, new Set());
    return mentions.length === 1 && mentions[0].start === 0 && mentions[0].end === tokens.length ? mentions[0].street : null;
  }

  find(text: string): Place | null {
    const analysis = this.analyse(text);
    return this.exactPlace(analysis, 'message') ?? this.looserPlace(analysis);
  }

  answer(text: string): PlaceAnswer {
    const analysis = this.analyse(text);
    const { tokens } = analysis;
    if (!tokens.some((t) => t.kind !== 'sign')) return { kind: 'notAPlace' };
    const exact = this.exactPlace(analysis, 'answer');
    if (exact) return exact.known ? { kind: 'place', place: exact } : { kind: 'unknown', place: exact };
    const whole = this.talk.wholeAnswer(tokens, analysis.contactAt);
    const mention = analysis.mentions.find((m) => this.accepts(m, analysis, 'answer'));
    if (mention && this.talk.contentWords(tokens, whole, mention).length === 0) {
      const place = this.build.street(mention);
      return place.known ? { kind: 'place', place } : { kind: 'unknown', place };
    }
    if (!mention && this.talk.isNotAPlace(tokens, whole)) return { kind: 'notAPlace' };
    if (mention && (isPersonal(tokens, whole, this.words) || this.talk.isQuestion(tokens))) return { kind: 'notAPlace' };
    const words = this.rawOf(analysis, whole).slice(0, MAX_FREE_TEXT);
    return { kind: 'unknown', place: { text: words, kind: 'landmark', landmark: words, ...(mention ? { street: mention.name } : {}), known: false } };
  }

  /** The corrected place when `text` corrects `current` ("actually 125 not 123", "sorry I meant Queen St"), else null. */
  correction(text: string, current: Place | null): Place | null {
    const analysis = this.analyse(text);
    const { tokens } = analysis;
    if (!this.talk.hasCorrectionWord(tokens)) return null;
    const negated = (start: number) => this.talk.isNegated(tokens, start);
    const used = new Set<number>();
    const use = (start: number, end: number) => {
      for (let k = start; k < end; k++) used.add(k);
    };
    const mentions = analysis.mentions.filter((m) => this.accepts(m, analysis, 'correction'));
    for (const m of mentions) use(m.start, m.end);
    for (const hit of analysis.landmarks) use(hit.start, hit.end);
    tokens.forEach((t, i) => t.kind === 'number' && use(i, i + 1));
    if (this.talk.leftoverWords(tokens, used) > 1) return null;

    const address = mentions.map((m) => this.addressAt(analysis, m)).find((found) => found && !negated(found.from));
    if (address) return address.place;
    const crossing = this.crossings(analysis, 'correction').find((c) => !negated(c.a.start));
    if (crossing) return this.build.crossing(crossing.a, crossing.b);
    const landmark = analysis.landmarks.find((hit) => !negated(hit.start));
    if (landmark) return this.build.landmark(landmark, undefined);
    const street = mentions.find((m) => !negated(m.start));
    if (street) return this.build.correctedStreet(street, mentions.filter((m) => negated(m.start)), current);
    const numbers = tokens.filter((t, i) => t.kind === 'number' && !negated(i)).map((t) => t.raw.toUpperCase());
    const number = [...numbers].reverse().find((n) => n !== current?.number) ?? numbers[numbers.length - 1];
    if (!number || !current?.street) return null;
    return this.build.address(number, current.street, undefined);
  }

  // --- finding ---

  private analyse(text: string): Analysis {
    const contactAt = text.search(CONTACT_DETAILS);
    const cleaned = text.replace(CONTACT_DETAILS, '\n');
    const tokens = tokenise(cleaned);
    const landmarks = this.known
      .find(tokens)
      // "Kingsway St" would be a street named after the plaza, not the plaza; "the shelter gate" is the shelter.
      .filter((hit) => !isStrong(this.names.typeAfter(tokens[hit.end])) && !isStrong(this.names.typeBefore(tokens[this.beforeConnectors(tokens, hit.start)])));
    const blocked = new Set<number>();
    for (const hit of landmarks) for (let k = hit.start; k < hit.end; k++) blocked.add(k);
    return { text: cleaned, contactAt: contactAt < 0 ? cleaned.length : contactAt, tokens, landmarks, mentions: findMentions(tokens, this.names, this.words, blocked) };
  }

  /** The token before `start` once connectors are passed: "chemin [de] la Gare". */
  private beforeConnectors(tokens: Token[], start: number): number {
    let k = start - 1;
    while (k >= 0 && this.words.nameConnectors.has(tokens[k])) k--;
    return k;
  }

  /** An address, a crossing or a named place: what the gazetteer can check. */
  private exactPlace(analysis: Analysis, mode: Mode): Place | null {
    for (const m of analysis.mentions) {
      const found = this.addressAt(analysis, m);
      if (found) return found.place;
    }
    const crossing = this.crossings(analysis, mode)[0];
    if (crossing) return this.build.crossing(crossing.a, crossing.b);
    const hit = analysis.landmarks[0];
    if (hit) return this.build.landmark(hit, analysis.mentions.find((m) => m.street && this.accepts(m, analysis, mode)));
    return null;
  }

  /** A landmark after a marker word ("near the school on Birch Rd"), else a street alone ("on King St"). */
  private looserPlace(analysis: Analysis): Place | null {
    const { tokens } = analysis;
    const accepted = analysis.mentions.filter((m) => this.accepts(m, analysis, 'message'));
    for (const phrase of phrasesAfterMarkers(tokens, this.words, this.names)) {
      if (isPersonal(tokens, phrase, this.words) || isTime(tokens, phrase, this.words)) continue;
      const span = this.endAtStreet(tokens, phrase, accepted);
      const inside = accepted.find((m) => m.start >= span.start && m.end <= span.end);
      // A street named in it ("on elm st") or a place word or a name ("near the Foodland"): not "on the street".
      if (!inside && !namesPlace(tokens, span, this.words)) continue;
      if (inside && this.talk.skipArticles(tokens, span.start) === inside.start && inside.end === span.end) return this.build.street(inside);
      const words = this.rawOf(analysis, span);
      const street = inside ?? accepted[0];
      const text = street && !inside ? `${words}, ${street.name}` : words;
      return { text, kind: 'landmark', landmark: words, ...(street ? { street: street.name } : {}), known: false };
    }
    return accepted[0] ? this.build.street(accepted[0]) : null;
  }

  /** "King St every night" -> "King St"; "the school on Birch Rd" stays whole (more place words come first). */
  private endAtStreet(tokens: Token[], phrase: Span, mentions: Mention[]): Span {
    for (const m of mentions) {
      if (m.start < phrase.start || m.end >= phrase.end || this.words.markers.lengthAt(tokens, m.end) > 0) continue;
      return { start: phrase.start, end: m.end };
    }
    return phrase;
  }

  /** Whether a street named without a number is really meant as a street here. */
  private accepts(m: Mention, analysis: Analysis, mode: Mode, joined = false): boolean {
    const { tokens } = analysis;
    const previous = tokens[m.start - 1];
    const afterArticle = this.words.articles.has(previous) || this.words.personalWords.has(previous);
    if (m.typed) return !(m.typeMismatch && afterArticle);
    if (!m.street || afterArticle || this.words.wordsNamedAfter.lengthAt(tokens, m.end) > 0) return false;
    if (joined || previous?.kind === 'number' || this.words.streetMarkers.lengthBefore(tokens, m.start) > 0) return true;
    if (mode === 'correction') return true;
    return mode === 'answer' && this.talk.afterLeadingMarkers(tokens) === m.start;
  }

  private addressAt(analysis: Analysis, m: Mention): { place: Place; from: number } | null {
    const { tokens } = analysis;
    let at = m.start - 1;
    if (m.typeFirst && tokens[at]?.raw === ',') at--;
    const number = tokens[at];
    if (number?.kind !== 'number' || (!m.typed && this.words.wordsNamedAfter.lengthAt(tokens, m.end) > 0)) return null;
    if (!m.typed && !m.street) return null;
    let from = at;
    let unit: string | undefined;
    const dash = tokens[at - 1];
    const before = tokens[at - 2];
    if (dash?.raw === '-' && before?.kind === 'number' && before.end === dash.start && dash.end === number.start) {
      unit = before.raw.toUpperCase();
      from = at - 2;
    }
    const unitWord = this.words.unitWords.lengthAt(tokens, m.end);
    const unitValue = tokens[m.end + unitWord];
    if (!unit && unitWord > 0 && unitValue && unitValue.kind !== 'sign' && unitValue.norm.length <= 5 && /\d|^\p{L}$/u.test(unitValue.norm)) {
      unit = unitValue.raw.toUpperCase();
    }
    return { place: this.build.address(number.raw.toUpperCase(), m.street ?? m.name, unit), from };
  }

  /**
   * Pairs of streets joined by "and", "&", "/", "et": "Main and Victoria", "coin King et Queen". On "Main
   * between King and Queen" the place is on Main St, at King St, not at the corner of King and Queen.
   */
  private crossings(analysis: Analysis, mode: Mode): Crossing[] {
    const { tokens, mentions } = analysis;
    const result: Crossing[] = [];
    for (let k = 0; k + 1 < mentions.length; k++) {
      const [a, b] = [mentions[k], mentions[k + 1]];
      if (a.name === b.name || b.start - a.end > MAX_JOINER_GAP || !this.isJoinerGap(tokens, a.end, b.start)) continue;
      if (!this.accepts(a, analysis, mode, true) || !this.accepts(b, analysis, mode, true)) continue;
      const along = mentions[k - 1];
      const between = this.words.betweenWords.lengthBefore(tokens, a.start);
      if (along && between > 0 && along.end === a.start - between && along.name !== a.name && this.accepts(along, analysis, mode, true)) {
        result.push({ a: along, b: a });
      } else {
        result.push({ a, b });
      }
    }
    return result;
  }

  private isJoinerGap(tokens: Token[], from: number, to: number): boolean {
    let joiners = 0;
    for (let k = from; k < to; ) {
      const joiner = this.words.joiners.lengthAt(tokens, k);
      if (joiner > 0 && k + joiner <= to) {
        joiners++;
        k += joiner;
      } else if (this.words.articles.has(tokens[k]) || this.words.nameConnectors.has(tokens[k]) || this.words.directions.has(tokens[k]) || this.names.typeAfter(tokens[k])) {
        k++;
      } else {
        return false;
      }
    }
    return joiners > 0;
  }

  /** The resident's own words for a span, tidied: single spaces, no trailing comma or full stop. */
  private rawOf(analysis: Analysis, span: Span): string {
    const { tokens, text } = analysis;
    if (span.start >= span.end) return '';
    return text
      .slice(tokens[span.start].start, tokens[span.end - 1].end)
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[.,]$/, '');
  }
}

function isStrong(type: StreetType | undefined): boolean {
  return !!type && !type.weak;
}

