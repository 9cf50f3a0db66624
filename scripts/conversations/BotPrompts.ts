import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { TFunction } from 'i18next';
import { gsm7Transliterate } from '../../channels/sms/smsSegments';

/** The bot's questions a simulated resident answers, and the replies that end a conversation. */
export const PROMPT_KEYS = [
  'report.askWhat',
  'report.askWhatRetry',
  'report.askWhichCategory',
  'report.askLocation',
  'report.locationRetry',
  'report.checkUnknownPlace',
  'report.checkHeardPlace',
  'report.askDescription',
  'report.askDescriptionOrPhoto',
  'report.sendOrDrop',
  'report.confirm',
  'report.confirmRetry',
  'report.notSentYet',
  'clarify.ask',
] as const;
export type PromptKey = (typeof PROMPT_KEYS)[number];

const MARKER = '\u0001';

/**
 * Recognises what the bot asked from the locale files, not from wording copied here: a key's text up to its
 * first placeholder is its fingerprint, so the simulator follows any rewording of locales/.
 */
export class BotPrompts {
  private readonly fingerprints: { key: PromptKey; text: string }[];
  readonly t: TFunction;

  constructor(root: string, readonly locale: string) {
    const instance = i18next.createInstance();
    const resources = JSON.parse(readFileSync(path.join(root, 'locales', locale, 'translation.json'), 'utf8'));
    void instance.init({ lng: locale, resources: { [locale]: { translation: resources } }, interpolation: { escapeValue: false }, initAsync: false, showSupportNotice: false });
    this.t = instance.getFixedT(locale);
    this.fingerprints = PROMPT_KEYS.map((key) => ({ key, text: fingerprint(this.t(key, { place: MARKER, number: MARKER, count: 1 })) })).sort(
      (a, b) => b.text.length - a.text.length,
    );
  }

  /** The question the reply ends with, if the bot asked one the simulator knows. */
  asked(received: string): PromptKey | undefined {
    // Texts arrive in GSM-7 ("Ou est-ce?"), so both sides are compared that way.
    const reply = gsm7Transliterate(received);
    let best: { key: PromptKey; at: number } | undefined;
    for (const { key, text } of this.fingerprints) {
      const at = reply.lastIndexOf(text);
      if (at >= 0 && (!best || at > best.at)) best = { key, at };
    }
    return best?.key;
  }

  /** The longest fixed part of this key's text (what any rendering of it contains). */
  fixedPart(key: string): string {
    return fingerprint(this.t(key, { number: MARKER, team: MARKER, expected: MARKER }));
  }
}

/** The longest stretch of a rendered text without a placeholder, trimmed. */
function fingerprint(rendered: string): string {
  return gsm7Transliterate(rendered)
    .split(MARKER)
    .map((part) => part.trim())
    .sort((a, b) => b.length - a.length)[0]
    .slice(0, 60);
}
