import { isPersonal, isTime, Span } from './landmarkPhrase';
import { PlaceWords } from './PlaceWords';
import { Mention } from './streetMentions';
import { isBreak, Token } from './tokens';

/** Tells the words of a conversation ("yes", "idk", "sorry", "call me") from the words of a place. */
export class Talk {
  constructor(private readonly words: PlaceWords) {}

  /** The answer without its leading marker ("behind"), contact details and trailing talk ("call me at"). */
  wholeAnswer(tokens: Token[], contactAt: number): Span {
    const start = this.afterLeadingMarkers(tokens);
    let end = tokens.findIndex((t) => t.start >= contactAt);
    if (end < 0) end = tokens.length;
    while (end > start && this.isTrailingTalk(tokens[end - 1])) end--;
    return { start, end };
  }

  /** Where the words start once "near", "corner of", "devant" are passed. */
  afterLeadingMarkers(tokens: Token[]): number {
    let k = 0;
    for (;;) {
      const marker = Math.max(this.words.markers.lengthAt(tokens, k), this.words.streetMarkers.lengthAt(tokens, k));
      if (marker > 0) k += marker;
      else if (tokens[k]?.kind === 'sign' && !isBreak(tokens[k])) k++;
      else return k;
    }
  }

  skipArticles(tokens: Token[], from: number): number {
    let k = from;
    while (this.words.articles.has(tokens[k])) k++;
    return k;
  }

  /** Words of an answer that say something beyond the street: "elm near the school" has some, "on elm pls" none. */
  contentWords(tokens: Token[], span: Span, except?: Mention): Token[] {
    return tokens.slice(span.start, span.end).filter((t, k) => {
      const i = span.start + k;
      if (except && i >= except.start && i < except.end) return false;
      return t.kind !== 'sign' && !this.isTalk(t) && !this.words.markers.has(t) && !this.words.streetMarkers.has(t);
    });
  }

  /** "yes", "idk", "its a question not a problem", "my house", "what?", "tomorrow": ask again, with an example. */
  isNotAPlace(tokens: Token[], whole: Span): boolean {
    if (whole.start >= whole.end) return true;
    if (this.isQuestion(tokens) || isPersonal(tokens, whole, this.words) || isTime(tokens, whole, this.words)) return true;
    const content = this.contentWords(tokens, whole);
    // "123" alone is no place (nor is a case number).
    if (content.every((t) => t.kind !== 'word')) return true;
    const signal = tokens
      .slice(whole.start, whole.end)
      .some((t, k) => this.words.placeWords.has(t) || t.kind === 'number' || (k > 0 && t.kind === 'word' && /^\p{Lu}/u.test(t.raw) && !this.isTalk(t)));
    if (signal) return false;
    // "the pothole is really deep" tells about the problem, not where it is.
    return tokens.some((t) => this.words.verbs.has(t)) || content.length < 2;
  }

  isQuestion(tokens: Token[]): boolean {
    return tokens[tokens.length - 1]?.raw === '?' || this.words.questionWords.lengthAt(tokens, 0) > 0;
  }

  hasCorrectionWord(tokens: Token[]): boolean {
    return tokens.some((_, i) => this.words.correctionWords.lengthAt(tokens, i) > 0);
  }

  /** "125 not 123": the place right after a negation is the wrong one. */
  isNegated(tokens: Token[], start: number): boolean {
    return this.words.negations.lengthBefore(tokens, start) > 0;
  }

  /** Words of a would-be correction that are neither the place nor talk: "no pickup today on Elm St" has two. */
  leftoverWords(tokens: Token[], used: Set<number>): number {
    let count = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (used.has(i) || t.kind === 'sign') continue;
      const phrase = Math.max(this.words.correctionWords.lengthAt(tokens, i), this.words.negations.lengthAt(tokens, i));
      if (phrase > 0) {
        i += phrase - 1;
        continue;
      }
      if (!this.isTalk(t) && !this.words.joiners.has(t) && !this.words.markers.has(t)) count++;
    }
    return count;
  }

  private isTalk(t: Token): boolean {
    return this.words.conversationWords.has(t) || this.words.articles.has(t) || this.words.personalWords.has(t) || this.words.correctionFillers.has(t);
  }

  private isTrailingTalk(t: Token): boolean {
    return t.kind === 'sign' || this.words.landmarkEnds.has(t) || this.words.markers.has(t) || this.words.conversationWords.has(t);
  }
}
