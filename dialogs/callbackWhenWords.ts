import { dayLabel } from '../callbacks/callbackWording';
import { localTime } from '../hours/cityClock';
import { TurnLanguage } from '../i18n/TurnLanguage';
import { Vocabulary } from '../understanding/Vocabulary';
import { containsPhrase, normalise } from '../understanding/text';

const NOON = 12 * 60;

/**
 * "asap" or "tomorrow morning", typed or said instead of picking an option: 'soonest', the index of the first
 * window offered that fits the day and the part of the day named, or undefined when the words say neither.
 */
export function whenInWords(
  text: string,
  windows: ReadonlyArray<{ from: Date }>,
  words: Vocabulary['callbackWhen'],
  language: TurnLanguage,
  now: Date,
): 'soonest' | number | undefined {
  const plain = normalise(text);
  const says = (phrases: string[]) => phrases.some((phrase) => containsPhrase(plain, phrase));
  if (says(words.soonest)) return 'soonest';
  const morning = says(words.morning);
  const afternoon = says(words.afternoon);
  const days = windows.map((w) => dayLabel(language, w.from, now));
  const dayNamed = days.some((day) => containsPhrase(plain, day));
  if (!dayNamed && !morning && !afternoon) return undefined;
  const fits = windows.findIndex((w, i) => {
    const startsBeforeNoon = localTime(w.from, language.timeZone).minutes < NOON;
    return (!dayNamed || containsPhrase(plain, days[i])) && (!morning || startsBeforeNoon) && (!afternoon || !startsBeforeNoon);
  });
  return fits >= 0 ? fits : undefined;
}
