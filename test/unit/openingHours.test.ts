import i18next from 'i18next';
import { callbackWindows } from '../../callbacks/callbackWindows';
import { OpeningHours, OpeningHoursError } from '../../hours/OpeningHours';

const ZONE = 'America/Toronto';
const hours = OpeningHours.parse('Mon-Fri 08:30-16:30; Sat 09:00-12:00', ZONE);
/** Toronto wall-clock time (EST, UTC-5, in January; EDT, UTC-4, in July) as an instant. */
const toronto = (iso: string, offset = '-05:00') => new Date(`${iso}${offset}`);

describe('OPENING_HOURS', () => {
  it.each<[string, boolean]>([
    ['2026-01-05T08:29', false], // Monday, a minute before opening
    ['2026-01-05T08:30', true],
    ['2026-01-09T16:29', true], // Friday
    ['2026-01-09T16:30', false], // closing time is closed
    ['2026-01-10T11:59', true], // Saturday morning
    ['2026-01-10T12:00', false],
    ['2026-01-11T10:00', false], // Sunday
  ])('at %s in Toronto, open: %s', (local, open) => {
    expect(hours.isOpen(toronto(local))).toBe(open);
  });

  it('counts in the city time zone, summer time included', () => {
    expect(hours.isOpen(new Date('2026-07-06T12:35:00Z'))).toBe(true); // 8:35 EDT
    expect(hours.isOpen(new Date('2026-07-06T12:25:00Z'))).toBe(false); // 8:25 EDT
  });

  it('finds the next opening: Friday evening to Saturday 9:00, Saturday noon to Monday 8:30', () => {
    expect(hours.nextOpening(toronto('2026-01-09T18:00'))).toEqual(toronto('2026-01-10T09:00'));
    expect(hours.nextOpening(toronto('2026-01-10T12:30'))).toEqual(toronto('2026-01-12T08:30'));
    const now = toronto('2026-01-07T10:00');
    expect(hours.nextOpening(now)).toEqual(now);
  });

  it('allows 24:00 and runs midnight-to-midnight days together', () => {
    const always = OpeningHours.parse('Mon-Sun 00:00-24:00', ZONE);
    expect(always.isOpen(toronto('2026-01-11T23:59'))).toBe(true);
    expect(always.spans(toronto('2026-01-05T10:00'), 3)).toEqual([{ start: toronto('2026-01-05T00:00'), end: toronto('2026-01-08T00:00') }]);
  });

  it.each([
    ['', 'at least one day'],
    ['Mon-Fri', 'days then times'],
    ['Mon-Fry 08:30-16:30', 'not a day'],
    ['Mon-Fri 8h30-16h30', 'days then times'],
    ['Mon-Fri 08:30-24:30', '24-hour time'],
    ['Sat 12:00-09:00', 'start first'],
  ])('refuses %j (%s)', (spec, why) => {
    expect(() => OpeningHours.parse(spec, ZONE)).toThrow(OpeningHoursError);
    expect(() => OpeningHours.parse(spec, ZONE)).toThrow(why);
  });

  it('says the hours in the resident\'s language, written and spoken', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'en',
      showSupportNotice: false,
      resources: { en: { translation: { hours: { weekdayStyle: 'short', weekdayStyle_speak: 'long', dayRange: '{{from}} to {{to}}', period: '{{days}}, {{from}} to {{to}}' } } } },
    });
    const t = i18n.getFixedT('en');
    expect(hours.describe('en-US', t).replace(/\s/g, ' ')).toBe('Mon to Fri, 8:30 AM to 4:30 PM and Sat, 9:00 AM to 12:00 PM');
    const spoken = ((key: string, options?: object) => t(key, { context: 'speak', ...options })) as typeof t;
    expect(hours.describe('en-US', spoken)).toContain('Monday to Friday');
  });
});

describe('hours said in full', () => {
  it('says "all day" for hours that run midnight to midnight rather than "12:00 a.m. to 12:00 a.m."', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'en', showSupportNotice: false, resources: { en: { translation: { hours: { weekdayStyle: 'short', dayRange: '{{from}} to {{to}}', period: '{{days}}, {{from}} to {{to}}', allDay: '{{days}}, all day' } } } } });
    const t = i18n.getFixedT('en');
    expect(OpeningHours.parse('Mon-Sun 00:00-24:00', ZONE).describe('en-CA', t)).toBe('Mon to Sun, all day');
    expect(OpeningHours.parse('Mon-Fri 00:00-24:00; Sat 09:00-12:00', ZONE).describe('en-CA', t).replace(/\s/g, ' ')).toBe('Mon to Fri, all day and Sat, 9:00 a.m. to 12:00 p.m.');
  });
});

describe('call-back windows offered', () => {
  it('offers what is left of today and the next half-days, within opening hours', () => {
    const windows = callbackWindows(hours, toronto('2026-01-09T13:10')); // Friday afternoon
    expect(windows).toEqual([
      { from: toronto('2026-01-09T13:30'), to: toronto('2026-01-09T16:30') },
      { from: toronto('2026-01-10T09:00'), to: toronto('2026-01-10T12:00') },
      { from: toronto('2026-01-12T08:30'), to: toronto('2026-01-12T12:30') },
    ]);
  });

  it('offers half-days even when the city never closes', () => {
    const always = OpeningHours.parse('Mon-Sun 00:00-24:00', ZONE);
    expect(callbackWindows(always, toronto('2026-01-09T13:10'))).toEqual([
      { from: toronto('2026-01-09T13:30'), to: toronto('2026-01-10T00:00') },
      { from: toronto('2026-01-10T00:00'), to: toronto('2026-01-10T12:00') },
      { from: toronto('2026-01-10T12:00'), to: toronto('2026-01-11T00:00') },
    ]);
  });

  it('offers nothing that leaves less than an hour', () => {
    const [first] = callbackWindows(hours, toronto('2026-01-09T15:45'));
    expect(first.from).toEqual(toronto('2026-01-10T09:00'));
  });
});
