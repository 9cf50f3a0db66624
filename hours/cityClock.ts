/** A day and time on the city's wall clock: weekday 0 = Monday … 6 = Sunday, minutes since midnight. */
export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  weekday: number;
  minutes: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** What a clock in `timeZone` shows at `at` (no library: Intl knows every zone's offsets and DST rules). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    weekday: WEEKDAYS.indexOf(part('weekday')),
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

/**
 * The instant a clock in `timeZone` shows `minutes` after midnight on the given date (minutes may be 1440,
 * "24:00", or more: the date rolls over). Twice corrected, so a time next to a DST change lands right.
 */
export function instantAt(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const shown = localTime(new Date(guess), timeZone);
    const shownWall = Date.UTC(shown.year, shown.month - 1, shown.day, 0, shown.minutes);
    guess += wall - shownWall;
  }
  return new Date(guess);
}

/** The calendar date `days` after the given one (local dates, no time zone involved). */
export function addDays(date: Pick<LocalTime, 'year' | 'month' | 'day'>, days: number): { year: number; month: number; day: number; weekday: number } {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), weekday: (next.getUTCDay() + 6) % 7 };
}

export { WEEKDAYS };
