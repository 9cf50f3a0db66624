import { TFunction } from 'i18next';
import { Languages } from '../i18n/Languages';
import { Activity } from 'botbuilder';
import { Choice, messageWithChoices } from './choices';

/** What the greeting offers: the same six things on every channel (buttons, numbered texts, keypad). */
export const MAIN_MENU = ['report', 'status', 'question', 'callback', 'person', 'language'] as const;
export type MainMenuItem = (typeof MAIN_MENU)[number];

const MENU_PREFIX = 'menu:';
const LANGUAGE_PREFIX = 'language:';

export function mainMenu(t: TFunction): Choice[] {
  return MAIN_MENU.map((item) => ({ id: MENU_PREFIX + item, title: t(`menu.${item}`) }));
}

/** The greeting: what the bot can do, with the main menu as choices. */
export function welcomeMessage(t: TFunction): Partial<Activity> {
  return messageWithChoices(t('help.welcome'), mainMenu(t));
}

export function mainMenuItem(choiceId: string | undefined): MainMenuItem | undefined {
  const item = choiceId?.startsWith(MENU_PREFIX) ? choiceId.slice(MENU_PREFIX.length) : undefined;
  return MAIN_MENU.find((known) => known === item);
}

/** Every language the bot speaks, each named in itself so a resident finds their own. */
export function languageMenu(languages: Languages): Choice[] {
  return languages.supported.map((locale) => ({ id: LANGUAGE_PREFIX + locale, title: languages.nativeName(locale) }));
}

export function chosenLanguage(choiceId: string | undefined): string | undefined {
  return choiceId?.startsWith(LANGUAGE_PREFIX) ? choiceId.slice(LANGUAGE_PREFIX.length) : undefined;
}
