import { i18n } from 'i18next';
import { TurnLanguage } from './TurnLanguage';

/** The languages the bot speaks (one folder each under locales/) and the TurnLanguage of each. */
export class Languages {
  constructor(
    private readonly i18n: i18n,
    readonly defaultLocale: string,
    private readonly timeZone: string,
    readonly supported: readonly string[],
  ) {}

  isSupported(locale: string | undefined): locale is string {
    return locale !== undefined && this.supported.includes(locale);
  }

  /** The given language when the bot speaks it, else the default. */
  turnLanguage(locale?: string): TurnLanguage {
    const chosen = this.isSupported(locale) ? locale : this.defaultLocale;
    return new TurnLanguage(chosen, this.i18n.getFixedT(chosen), this.timeZone);
  }

  /** A language's own name for itself ("Français"), as residents look for it in a list. */
  nativeName(locale: string): string {
    return this.i18n.getFixedT(locale)('language.name');
  }
}
