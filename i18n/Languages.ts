import { i18n, TFunction } from 'i18next';
import { TurnLanguage } from './TurnLanguage';

/** i18next context for words that are heard: `report.submitted_speak` is said where `report.submitted` is shown. */
export const SPOKEN_CONTEXT = 'speak';
/** Read in a chat window (channels with buttons): "send", not "text", and no "your number". */
export const CHAT_CONTEXT = 'chat';

/** The languages the bot speaks (one folder each under locales/) and the TurnLanguage of each. */
export class Languages {
  constructor(
    private readonly i18n: i18n,
    readonly defaultLocale: string,
    private readonly timeZone: string,
    /** The city's country (ISO 3166, e.g. CA): how its languages write dates and times. */
    private readonly region: string,
    readonly supported: readonly string[],
  ) {}

  isSupported(locale: string | undefined): locale is string {
    return locale !== undefined && this.supported.includes(locale);
  }

  /**
   * The given language when the bot speaks it, else the default. On a channel that is heard (`speech`), every
   * sentence with a spoken variant (`<key>_speak`) uses it, and in a chat window (`buttons`) every sentence with
   * a chat variant (`<key>_chat`), so dialogs never need to know how they are heard or read.
   */
  turnLanguage(locale?: string, channel: { speech: boolean; buttons?: boolean } = { speech: false }): TurnLanguage {
    const chosen = this.isSupported(locale) ? locale : this.defaultLocale;
    const t = this.i18n.getFixedT(chosen);
    const variant = channel.speech ? SPOKEN_CONTEXT : channel.buttons ? CHAT_CONTEXT : undefined;
    return new TurnLanguage(chosen, variant ? variantFirst(t, variant) : t, this.timeZone, regional(chosen, this.region), channel.speech);
  }

  /** A language's own name for itself ("Français"), as residents look for it in a list. */
  nativeName(locale: string): string {
    return this.i18n.getFixedT(locale)('language.name');
  }
}

/** "fr" in Canada is "fr-CA", when Intl knows it; else the language alone. */
function regional(locale: string, region: string): string {
  const candidate = `${locale}-${region}`;
  return Intl.DateTimeFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : locale;
}

/** A t that looks up `<key>_<variant>` first and falls back to `<key>` (i18next's context lookup does the fallback). */
function variantFirst(t: TFunction, variant: string): TFunction {
  const first = (key: string | string[], options?: Record<string, unknown>) => t(key, { context: variant, ...options });
  return first as unknown as TFunction;
}
