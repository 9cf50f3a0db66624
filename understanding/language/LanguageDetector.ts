/** The language a message is written in, and how sure: low for short or neutral ones ("ok", "45 Elm St"). */
export interface DetectedLanguage {
  language: string;
  /** 0..1. Below LANGUAGE_SWITCH_CONFIDENCE a message must not change the conversation's language. */
  confidence: number;
}

export interface LanguageDetector {
  /** `locale`: the conversation's language, the answer when the message says nothing either way. */
  detect(text: string, locale?: string): Promise<DetectedLanguage>;
}

/** From this confidence up a message is clearly in its language: enough to switch the conversation to it. */
export const LANGUAGE_SWITCH_CONFIDENCE = 0.8;
