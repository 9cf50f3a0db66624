import { Config, loadConfig } from '../../config/config';

export const TEST_AUTH_TOKEN = 'test-auth-token-0123456789';
export const CITY_NUMBER = '+15555550100';
export const PUBLIC_BASE_URL = 'https://civicline.example.test';
export const SMS_WEBHOOK_URL = `${PUBLIC_BASE_URL}/twilio/sms`;

/** A configuration as an operator would write it in .env, validated the same way. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID: 'AC' + '0123456789abcdef'.repeat(2),
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    TWILIO_PHONE_NUMBER: CITY_NUMBER,
    CITY_TIMEZONE: 'America/Toronto',
    // Refused at once: a test that texts without its own fake Twilio API never reaches the real one.
    TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
    // Tests written before grouping file the same pothole at 123 Main St for several residents in one database, to
    // test each read-back: grouping is on by default in production and turned on by the tests about it.
    CASE_GROUPING: 'false',
    // Tests not about quiet hours must not depend on the time of day they run at.
    QUIET_HOURS: '',
    ...overrides,
  });
}
