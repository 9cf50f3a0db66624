import { TFunction } from 'i18next';
import { TurnContext } from 'botbuilder';

/** What a dialog needs to speak to this resident: their language and the city's time zone. */
export class TurnLanguage {
  constructor(
    readonly locale: string,
    readonly t: TFunction,
    readonly timeZone: string,
    /** The locale dates and times are written in: the language as used in the city's country ("8 h 30" in fr-CA). */
    readonly formats: string,
    /** Heard rather than read: dates in full words ("Friday, November 28"), never abbreviated. */
    private readonly spoken = false,
  ) {}

  /** "Fri, Nov 28" in the resident's language and the city's time zone (an arrow, so it can be destructured). */
  readonly date = (value: Date): string =>
    new Intl.DateTimeFormat(this.formats, { timeZone: this.timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(value);

  readonly dateTime = (value: Date): string =>
    new Intl.DateTimeFormat(this.formats, { timeZone: this.timeZone, month: this.spoken ? 'long' : 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(value);

  /** "12:30 p.m." (en-CA) in the city's time zone. */
  readonly time = (value: Date): string =>
    new Intl.DateTimeFormat(this.formats, { timeZone: this.timeZone, hour: 'numeric', minute: '2-digit' }).format(value);

  /** "Monday" in the city's time zone. */
  readonly weekday = (value: Date): string => new Intl.DateTimeFormat(this.formats, { timeZone: this.timeZone, weekday: 'long' }).format(value);
}

const TURN_LANGUAGE = Symbol('TurnLanguage');

export function setTurnLanguage(context: TurnContext, language: TurnLanguage): void {
  context.turnState.set(TURN_LANGUAGE, language);
}

export function turnLanguage(context: TurnContext): TurnLanguage {
  const language = context.turnState.get(TURN_LANGUAGE) as TurnLanguage | undefined;
  if (!language) throw new Error('No TurnLanguage on this turn: the bot sets it before running dialogs');
  return language;
}
