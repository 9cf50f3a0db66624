import { QuietHours, quietHoursProblem } from '../../notifications/QuietHours';
import { testConfig } from '../support/testConfig';
import { loadConfig } from '../../config/config';

const ZONE = 'America/Toronto';

describe('QuietHours (QUIET_HOURS, city time)', () => {
  const quiet = QuietHours.parse('21:00-08:00', ZONE);

  it('holds a text sent in the evening until 08:00 the next morning, city time', () => {
    // 22:30 in Toronto on Dec 8 (EST, UTC-5) is 03:30Z on Dec 9.
    expect(quiet.releaseAt(new Date('2026-12-09T03:30:00Z'))?.toISOString()).toBe('2026-12-09T13:00:00.000Z');
  });

  it('holds a text sent after midnight until 08:00 the same morning', () => {
    expect(quiet.releaseAt(new Date('2026-12-09T10:59:00Z'))?.toISOString()).toBe('2026-12-09T13:00:00.000Z');
  });

  it('lets a text go in the day, from 08:00 to 20:59', () => {
    expect(quiet.releaseAt(new Date('2026-12-09T13:00:00Z'))).toBeUndefined();
    expect(quiet.releaseAt(new Date('2026-12-10T01:59:00Z'))).toBeUndefined();
    expect(quiet.releaseAt(new Date('2026-12-10T02:00:00Z'))).toBeDefined();
  });

  it('follows daylight saving time (08:00 EDT is 12:00Z)', () => {
    expect(quiet.releaseAt(new Date('2026-07-01T02:00:00Z'))?.toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });

  it('is off when empty, and a malformed window stops start-up with its name', () => {
    expect(QuietHours.parse('', ZONE).releaseAt(new Date('2026-12-09T03:30:00Z'))).toBeUndefined();
    expect(quietHoursProblem('9pm-8am')).toContain('21:00-08:00');
    expect(quietHoursProblem('08:00-08:00')).toContain('same time');
    expect(() => testConfig({ QUIET_HOURS: '25:00-08:00' })).toThrow(/QUIET_HOURS/);
  });

  it('defaults to 21:00-08:00 when unset, and an empty value turns it off', () => {
    const env = { ...process.env };
    const base = { PUBLIC_BASE_URL: 'https://x.example', TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), TWILIO_AUTH_TOKEN: 'tok-0123456789', TWILIO_PHONE_NUMBER: '+15555550100' };
    expect(loadConfig({ ...base }).quietHours).toBe('21:00-08:00');
    expect(loadConfig({ ...base, QUIET_HOURS: '' }).quietHours).toBe('');
    process.env = env;
  });
});
