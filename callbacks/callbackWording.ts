import { displayPhoneNumber } from '../channels/phoneNumbers';
import { localTime } from '../hours/cityClock';
import { TurnLanguage } from '../i18n/TurnLanguage';
import { CallbackRequest, CallbackWindow } from './callbackModels';
import { QueuePlace } from './CallbackQueue';

/** Sentences about call-backs that several places say (dialogs, confirming texts, staff whispers). */

/** "today", "tomorrow" or "Monday", as the city's calendar has it. */
export function dayLabel(language: TurnLanguage, at: Date, now: Date): string {
  const day = (d: Date) => {
    const l = localTime(d, language.timeZone);
    return Date.UTC(l.year, l.month - 1, l.day) / 86_400_000;
  };
  const offset = day(at) - day(now);
  if (offset === 0) return language.t('callback.today');
  if (offset === 1) return language.t('callback.tomorrow');
  return language.weekday(at);
}

/** "today between 12:30 p.m. and 4:30 p.m." */
export function windowLabel(language: TurnLanguage, window: CallbackWindow, now: Date): string {
  return language.t('callback.window', { day: dayLabel(language, window.from, now), from: language.time(window.from), to: language.time(window.to) });
}

/** When the resident should expect the call. */
export function whenLabel(language: TurnLanguage, request: Pick<CallbackRequest, 'window'>, place: QueuePlace, now: Date): string {
  if (request.window) return windowLabel(language, request.window, now);
  if (place.afterOpening) {
    const key = place.atOpening ? 'callback.afterOpening' : 'callback.soonAfterOpening';
    return language.t(key, { day: dayLabel(language, place.expectedAt, now), time: language.time(place.expectedAt) });
  }
  if (!place.staffAvailable) return language.t('callback.whenSomeoneFree');
  const minutes = Math.max(5, Math.ceil((place.expectedAt.getTime() - now.getTime()) / 300_000) * 5);
  return minutes >= 90 ? language.t('callback.inHours', { count: Math.round(minutes / 60) }) : language.t('callback.inMinutes', { count: minutes });
}

/** What the call is about, for the resident and the staff member: their words, their case, or nothing more. */
export function aboutLabel(language: TurnLanguage, request: Pick<CallbackRequest, 'topic' | 'caseNumber'>): string {
  if (request.caseNumber && request.topic) return language.t('callback.aboutCaseAndTopic', { number: request.caseNumber, topic: request.topic });
  if (request.caseNumber) return language.t('callback.aboutCase', { number: request.caseNumber });
  if (request.topic) return language.t('callback.aboutTopic', { topic: request.topic });
  return language.t('callback.aboutRequest');
}

/** The same, told to a staff member: "case 48219375: water bill" or "a general question". */
export function staffAboutLabel(language: TurnLanguage, request: Pick<CallbackRequest, 'topic' | 'caseNumber'>): string {
  if (request.caseNumber && request.topic) return language.t('staff.aboutCaseAndTopic', { number: request.caseNumber, topic: request.topic });
  if (request.caseNumber) return language.t('staff.aboutCase', { number: request.caseNumber });
  if (request.topic) return language.t('staff.aboutTopic', { topic: request.topic });
  return language.t('staff.aboutGeneral');
}

/** "The caller speaks French.", for staff, when the resident's language is not theirs; else nothing. */
export function staffLanguageNote(staff: TurnLanguage, residentLocale: string): string {
  const primary = (locale: string) => locale.split('-')[0];
  if (primary(residentLocale) === primary(staff.locale)) return '';
  const language = new Intl.DisplayNames([staff.locale], { type: 'language' }).of(primary(residentLocale)) ?? residentLocale;
  return staff.t('staff.callerSpeaks', { language });
}

export function phoneLabel(phone: string): string {
  return displayPhoneNumber(phone);
}
