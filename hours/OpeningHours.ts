import { TFunction } from 'i18next';
import { WEEKDAYS, addDays, instantAt, localTime } from './cityClock';

/** Minutes in a day: "24:00". */
const DAY = 1440;

/** Minutes since midnight, start inclusive, end exclusive (1440 = "24:00"). */
export interface Period {
  start: number;
  end: number;
}

/** One `;`-separated part of OPENING_HOURS as the operator wrote it: day groups and their times. */
interface Segment {
  /** [first, last] weekday of each group, 0 = Monday: "Mon-Fri" is [0, 4], "Sat" is [5, 5]. */
  days: Array<[number, number]>;
  periods: Period[];
}

/** A stretch of opening time on a given date, as instants. */
export interface OpenSpan {
  start: Date;
  end: Date;
}

export class OpeningHoursError extends Error {}

const TIME = /^(\d{1,2}):(\d{2})$/;

/**
 * The city's opening hours (OPENING_HOURS, e.g. "Mon-Fri 08:30-16:30; Sat 09:00-12:00") in the city's time
 * zone: when staff answer the phone and when call-backs are placed.
 */
export class OpeningHours {
  private readonly byDay: Period[][];

  private constructor(
    private readonly segments: Segment[],
    readonly timeZone: string,
  ) {
    this.byDay = WEEKDAYS.map(() => [] as Period[]);
    for (const segment of segments) {
      for (const [first, last] of segment.days) {
        for (let day = first; day <= last; day++) this.byDay[day].push(...segment.periods);
      }
    }
    this.byDay.forEach((periods) => periods.sort((a, b) => a.start - b.start));
  }

  /** Days `Mon`…`Sun` (ranges with `-`, lists with `,`), 24-hour times, `24:00` allowed; `;` between parts. */
  static parse(spec: string, timeZone: string): OpeningHours {
    const segments = spec
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map(parseSegment);
    if (segments.length === 0) throw new OpeningHoursError('must name at least one day and time, e.g. "Mon-Fri 08:30-16:30"');
    return new OpeningHours(segments, timeZone);
  }

  isOpen(at: Date): boolean {
    const now = localTime(at, this.timeZone);
    return this.byDay[now.weekday].some((p) => p.start <= now.minutes && now.minutes < p.end);
  }

  /**
   * The opening spans that end after `from`, over the next `days` days, in order (the current one first). Spans
   * that touch (Mon 00:00-24:00, Tue 00:00-…) are one, unless `perDay` keeps each day's apart.
   */
  spans(from: Date, days = 8, perDay = false): OpenSpan[] {
    const today = localTime(from, this.timeZone);
    const spans: OpenSpan[] = [];
    for (let offset = 0; offset < days; offset++) {
      const date = addDays(today, offset);
      for (const period of this.byDay[date.weekday]) {
        const start = instantAt(date.year, date.month, date.day, period.start, this.timeZone);
        const end = instantAt(date.year, date.month, date.day, period.end, this.timeZone);
        if (end > from) spans.push({ start, end });
      }
    }
    return perDay ? spans : mergeTouching(spans);
  }

  /** `at` itself when open, else the next time the city opens. */
  nextOpening(at: Date): Date | undefined {
    const first = this.spans(at)[0];
    return first && first.start > at ? first.start : first ? at : undefined;
  }

  /** "Mon to Fri, 8:30 a.m. to 4:30 p.m. and Sat, 9:00 a.m. to 12:00 p.m." in the locale times are written in (en-CA). */
  describe(locale: string, t: TFunction): string {
    const style = t('hours.weekdayStyle') === 'long' ? 'long' : 'short';
    const dayName = (day: number) =>
      new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + day))); // 2024-01-01 was a Monday
    const time = (minutes: number) =>
      new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1, 0, minutes % DAY)));
    const parts = this.segments.flatMap((segment) => {
      const days = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
        segment.days.map(([first, last]) => (first === last ? dayName(first) : t('hours.dayRange', { from: dayName(first), to: dayName(last) }))),
      );
      return segment.periods.map((p) => (p.start === 0 && p.end === DAY ? t('hours.allDay', { days }) : t('hours.period', { days, from: time(p.start), to: time(p.end) })));
    });
    return new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts);
  }
}

function parseSegment(part: string): Segment {
  const match = /^([A-Za-z,\s-]+?)\s+([\d:,\s-]+)$/.exec(part);
  if (!match) throw new OpeningHoursError(`"${part}" must be days then times, e.g. "Mon-Fri 08:30-16:30"`);
  const days = match[1].split(',').map((group) => {
    const [first, last = first] = group.split('-').map((d) => dayIndex(d.trim(), part));
    if (last < first) throw new OpeningHoursError(`"${group.trim()}" in "${part}" runs backwards (write Mon-Fri, not Fri-Mon)`);
    return [first, last] as [number, number];
  });
  const periods = match[2].split(',').map((range) => {
    const [start, end] = range.split('-').map((t) => minutesOf(t.trim(), part));
    if (end === undefined || start >= end) throw new OpeningHoursError(`"${range.trim()}" in "${part}" must be start-end with the start first`);
    return { start, end };
  });
  return { days, periods };
}

function dayIndex(name: string, part: string): number {
  const index = WEEKDAYS.findIndex((d) => d.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new OpeningHoursError(`"${name}" in "${part}" is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  return index;
}

function minutesOf(text: string, part: string): number {
  const match = TIME.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > DAY) throw new OpeningHoursError(`"${text}" in "${part}" is not a 24-hour time (00:00 to 24:00)`);
  return minutes;
}

/** "Mon 00:00-24:00" followed by "Tue 00:00-…" is one span, not two. */
function mergeTouching(spans: OpenSpan[]): OpenSpan[] {
  const merged: OpenSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start.getTime() <= last.end.getTime()) last.end = new Date(Math.max(last.end.getTime(), span.end.getTime()));
    else merged.push({ ...span });
  }
  return merged;
}
