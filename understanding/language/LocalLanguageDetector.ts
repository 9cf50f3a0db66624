import { SparseVector } from '../model/FeatureIndex';
import { NluModel } from '../model/NluModel';
import { DetectedLanguage, LanguageDetector } from './LanguageDetector';

/** Marking words for full confidence: "oui merci" or "pothole on elm" alone never switch a conversation. */
const FULL_EVIDENCE = 3;

/**
 * Language detection trained from each language's examples, answers and translations. The character model
 * says which language a message looks like; the words that mark one language (see LanguageWords) say how
 * much the message really shows it. No marking word: the conversation's language, with confidence 0.
 */
export class LocalLanguageDetector implements LanguageDetector {
  constructor(private readonly model: NluModel) {}

  get languages(): string[] {
    return [...this.model.language.labels];
  }

  async detect(text: string, locale?: string): Promise<DetectedLanguage> {
    return this.detectNow(text, locale);
  }

  /** The same, synchronously, reusing the message's features when the caller already has them. */
  detectNow(text: string, locale?: string, vector: SparseVector = this.model.features.vector(text)): DetectedLanguage {
    const [best] = this.model.language.ranked(vector, 1);
    const markers = this.model.languageWords.markers(text);
    const bestIndex = this.model.languageWords.languages.indexOf(best.id);
    const agreeing = markers.filter((m) => m === bestIndex).length;
    const evidence = agreeing - (markers.length - agreeing);
    if (evidence <= 0) return { language: locale && this.languages.includes(locale) ? locale : best.id, confidence: 0 };
    return { language: best.id, confidence: best.score * Math.min(1, evidence / FULL_EVIDENCE) };
  }

  /** 0..1: how much of a message is words of some language rather than names, numbers and "ok". */
  evidence(text: string): number {
    return Math.min(1, this.model.languageWords.markers(text).length / FULL_EVIDENCE);
  }
}
