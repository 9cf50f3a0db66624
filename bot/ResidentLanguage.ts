import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { capabilitiesOf } from '../channels/capabilities';
import { Languages } from '../i18n/Languages';
import { setTurnLanguage } from '../i18n/TurnLanguage';
import { ResidentProfile } from './ResidentProfile';

/** The resident's language: remembered in user state, applied to each turn, switched when they ask. */
export class ResidentLanguage {
  constructor(
    private readonly profiles: StatePropertyAccessor<ResidentProfile>,
    readonly languages: Languages,
  ) {}

  /** At the start of a turn: speak the language the resident last used. */
  async apply(context: TurnContext): Promise<void> {
    const profile = await this.profiles.get(context, {});
    setTurnLanguage(context, this.languages.turnLanguage(profile.locale, capabilitiesOf(context)));
  }

  /**
   * A language the resident's device prefers (a browser's "fr-CA"), used only until they have one of their own:
   * a language they chose or last used wins over a device setting.
   */
  async preferIfUnset(context: TurnContext, deviceLocale: string | undefined): Promise<void> {
    const profile = await this.profiles.get(context, {});
    if (profile.locale || !deviceLocale) return;
    const language = deviceLocale.toLowerCase().split(/[-_]/)[0];
    if (this.languages.isSupported(language)) await this.switchTo(context, language);
  }

  /** Whether the resident has a language on record (chosen, written in, or their browser's). */
  async isKnown(context: TurnContext): Promise<boolean> {
    return Boolean((await this.profiles.get(context, {})).locale);
  }

  /** From now on (this turn included) speak `locale`; false when the bot does not speak it. */
  async switchTo(context: TurnContext, locale: string): Promise<boolean> {
    if (!this.languages.isSupported(locale)) return false;
    const profile = await this.profiles.get(context, {});
    await this.profiles.set(context, { ...profile, locale });
    setTurnLanguage(context, this.languages.turnLanguage(locale, capabilitiesOf(context)));
    return true;
  }
}
