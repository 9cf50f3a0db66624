import { readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../../config/config';

const DAY_MS = 24 * 60 * 60_000;

const VALID = {
  TWILIO_ACCOUNT_SID: 'AC' + '0123456789abcdef'.repeat(2),
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789',
  TWILIO_PHONE_NUMBER: '+15555550100',
};

/** The error loadConfig throws for this environment (fails the test if it does not throw a ConfigError). */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('fills in the defaults an operator can leave out', () => {
    expect(loadConfig({ ...VALID })).toEqual({
      port: 3978,
      listenHost: undefined,
      placeholderAuthToken: false,
      publicBaseUrl: 'http://localhost:3978',
      mongodbUri: undefined,
      twilio: { accountSid: VALID.TWILIO_ACCOUNT_SID, authToken: VALID.TWILIO_AUTH_TOKEN, phoneNumber: '+15555550100', apiBaseUrl: undefined, timeoutMs: 10000 },
      smsReplyBudgetMs: 10000,
      conversationIdleMs: 3_600_000,
      defaultLocale: 'en',
      timeZone: 'America/Toronto',
      region: 'CA',
      ferretdb: { dataDir: undefined, binary: undefined },
      seedSampleData: true,
      staffTokens: [],
      staffTeams: new Map(),
      staffQueues: new Map(),
      staffPhotoLinkMs: 24 * 60 * 60_000,
      staffRateLimitPerMinute: 600,
      webChat: {
        secret: undefined,
        tokenLifetimeSeconds: 3600,
        streamPollMs: 500,
        allowedOrigins: [],
        maxPhotoBytes: 10 * 1024 * 1024,
        conversationLimitPerMinute: 30,
        ipLimitPerMinute: 120,
        maxFilesPerUpload: 5,
        streamsPerConversation: 8,
        streamsPerIp: 100,
        refreshGraceMs: 60_000,
        residentKeyIdleMs: 180 * DAY_MS,
      },
      azureBot: { appId: undefined, appPassword: undefined, appType: undefined, tenantId: undefined },
      trustProxy: undefined,
      openingHours: 'Mon-Fri 08:30-16:30',
      quietHours: '21:00-08:00',
      cityStaffNumber: undefined,
      callbacks: { callerId: '+15555550100', parallelCalls: 2, maxAttempts: 3, retryDelayMs: 900_000, minutesPerCall: 10, dispatchIntervalMs: 15_000 },
      lookupLineType: true,
      caseGrouping: true,
      voiceRecordingsBaseUrl: undefined,
      retention: {
        receiptsMs: 7 * DAY_MS,
        outboxMs: 30 * DAY_MS,
        conversationsMs: 30 * DAY_MS,
        intervalMs: 3_600_000,
        photos: { afterClosedMs: 365 * DAY_MS, unattachedMs: 7 * DAY_MS },
      },
      crewContacts: new Map(),
      forwarding: { bodiesFile: undefined, pollMs: 300_000, timeoutMs: 10_000, secrets: {} },
    });
  });

  it('reads the phone and call-back settings', () => {
    const config = loadConfig({
      ...VALID,
      OPENING_HOURS: 'Mon-Fri 08:30-16:30; Sat 09:00-12:00',
      CITY_STAFF_NUMBER: '+19055550311',
      CALLBACK_CALLER_ID: '+19055550300',
      CALLBACK_PARALLEL_CALLS: '4',
      CALLBACK_MAX_ATTEMPTS: '5',
      CALLBACK_RETRY_MINUTES: '30',
      CALLBACK_MINUTES_PER_CALL: '6',
      CALLBACK_DISPATCH_SECONDS: '0',
      TWILIO_LOOKUP_LINE_TYPE: 'false',
      VOICE_RECORDINGS_BASE_URL: 'https://media.elmhurst.example/voice/',
    });
    expect(config).toMatchObject({
      openingHours: 'Mon-Fri 08:30-16:30; Sat 09:00-12:00',
      cityStaffNumber: '+19055550311',
      callbacks: { callerId: '+19055550300', parallelCalls: 4, maxAttempts: 5, retryDelayMs: 1_800_000, minutesPerCall: 6, dispatchIntervalMs: 0 },
      lookupLineType: false,
      voiceRecordingsBaseUrl: 'https://media.elmhurst.example/voice',
      retention: { receiptsMs: 7 * DAY_MS, outboxMs: 30 * DAY_MS, conversationsMs: 30 * DAY_MS, intervalMs: 3_600_000 },
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      ...VALID,
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://civicline.elmhurst.example/',
      MONGODB_URI: 'mongodb://db.internal:27017/civicline',
      TWILIO_API_BASE_URL: 'http://localhost:4010',
      TWILIO_TIMEOUT_MS: '2500',
      DEFAULT_LOCALE: 'fr',
      CITY_TIMEZONE: 'America/Winnipeg',
      FERRETDB_DATA_DIR: '/var/lib/civicline',
      FERRETDB_BIN: '/opt/ferretdb',
      SEED_SAMPLE_DATA: 'true',
      RETENTION_RECEIPTS_DAYS: '2',
      RETENTION_OUTBOX_DAYS: '90',
      RETENTION_CONVERSATIONS_DAYS: '0.5',
      RETENTION_INTERVAL_MINUTES: '15',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicBaseUrl: 'https://civicline.elmhurst.example',
      mongodbUri: 'mongodb://db.internal:27017/civicline',
      twilio: { apiBaseUrl: 'http://localhost:4010', timeoutMs: 2500 },
      defaultLocale: 'fr',
      timeZone: 'America/Winnipeg',
      ferretdb: { dataDir: '/var/lib/civicline', binary: '/opt/ferretdb' },
      seedSampleData: true,
      retention: { receiptsMs: 2 * DAY_MS, outboxMs: 90 * DAY_MS, conversationsMs: 12 * 60 * 60_000, intervalMs: 15 * 60_000 },
    });
  });

  it.each(['MONGODB_URI', 'TWILIO_API_BASE_URL', 'FERRETDB_DATA_DIR', 'FERRETDB_BIN'])('an empty %s (as a .env template leaves it) counts as unset', (name) => {
    const config = loadConfig({ ...VALID, [name]: '' });
    expect(config.mongodbUri).toBeUndefined();
    expect(config.twilio.apiBaseUrl).toBeUndefined();
    expect(config.ferretdb).toEqual({ dataDir: undefined, binary: undefined });
  });

  it.each<[string, string, string]>([
    ['TWILIO_ACCOUNT_SID', 'AC123', 'AC followed by 32 hex digits'],
    ['TWILIO_ACCOUNT_SID', 'SK' + '0'.repeat(32), 'AC followed by 32 hex digits'],
    ['TWILIO_PHONE_NUMBER', '555-555-0100', 'E.164'],
    ['TWILIO_PHONE_NUMBER', '15555550100', 'E.164'],
    ['TWILIO_AUTH_TOKEN', 'short', 'auth token'],
    ['PUBLIC_BASE_URL', 'civicline.example', 'PUBLIC_BASE_URL'],
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['CITY_TIMEZONE', 'Ontario/Elmhurst', 'unknown time zone'],
    ['SMS_REPLY_BUDGET_MS', '20000', 'SMS_REPLY_BUDGET_MS'],
    ['SEED_SAMPLE_DATA', 'yes', 'SEED_SAMPLE_DATA'],
    ['DIRECTLINE_SECRET', 'too-short-to-resist-guessing', 'at least 32'],
    ['WEBCHAT_ALLOWED_ORIGINS', 'https://www.elmhurst.ca/contact', 'must be an origin'],
    ['WEBCHAT_ALLOWED_ORIGINS', 'elmhurst.ca', 'must be an origin'],
    ['MicrosoftAppType', 'Personal', 'MicrosoftAppType'],
    ['OPENING_HOURS', 'weekdays 9 to 5', 'days then times'],
    ['OPENING_HOURS', 'Mon-Fri 8:30-25:00', '24-hour time'],
    ['OPENING_HOURS', 'Mon-Fry 08:30-16:30', 'is not a day'],
    ['OPENING_HOURS', 'Fri-Mon 08:30-16:30', 'backwards'],
    ['OPENING_HOURS', 'Mon 16:30-08:30', 'start first'],
    ['CITY_STAFF_NUMBER', '905-555-0311', 'E.164'],
    ['CALLBACK_PARALLEL_CALLS', '0', 'CALLBACK_PARALLEL_CALLS'],
    ['CALLBACK_MAX_ATTEMPTS', 'three', 'CALLBACK_MAX_ATTEMPTS'],
    ['RETENTION_RECEIPTS_DAYS', '0', 'RETENTION_RECEIPTS_DAYS'],
    ['RETENTION_OUTBOX_DAYS', 'forever', 'RETENTION_OUTBOX_DAYS'],
  ])('rejects %s=%j, saying why', (name, value, why) => {
    const { message } = configError({ ...VALID, [name]: value });
    expect(message).toContain(name);
    expect(message).toContain(why);
  });

  it('reads the web chat settings', () => {
    const config = loadConfig({
      ...VALID,
      DIRECTLINE_SECRET: 'b'.repeat(40),
      DIRECTLINE_TOKEN_MINUTES: '30',
      WEBCHAT_ALLOWED_ORIGINS: 'https://www.elmhurst.ca, https://elmhurst.ca/',
      WEBCHAT_MAX_PHOTO_MB: '4',
      RATE_LIMIT_CONVERSATION_PER_MINUTE: '10',
      RATE_LIMIT_IP_PER_MINUTE: '50',
      TRUST_PROXY: '1',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'app-password',
    });
    expect(config.webChat).toMatchObject({
      secret: 'b'.repeat(40),
      tokenLifetimeSeconds: 1800,
      allowedOrigins: ['https://www.elmhurst.ca', 'https://elmhurst.ca'],
      maxPhotoBytes: 4 * 1024 * 1024,
      conversationLimitPerMinute: 10,
      ipLimitPerMinute: 50,
    });
    expect(config.trustProxy).toBe(1);
    expect(config.azureBot).toMatchObject({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'app-password' });
  });

  describe('the placeholder auth token from .env.example', () => {
    const template = dotenv.parse(readFileSync(path.join(__dirname, '..', '..', '.env.example')));

    it('still starts (npm start on a fresh machine) but listens on loopback only', () => {
      const config = loadConfig(template);
      expect(config.placeholderAuthToken).toBe(true);
      expect(config.listenHost).toBe('127.0.0.1');
    });

    it('documents the retention ages the server uses when they are left out', () => {
      const withoutRetention = Object.fromEntries(Object.entries(template).filter(([name]) => !name.startsWith('RETENTION_')));
      expect(Object.keys(template).filter((name) => name.startsWith('RETENTION_'))).toHaveLength(4);
      expect(loadConfig(template).retention).toEqual(loadConfig(withoutRetention).retention);
    });

    it('a real auth token listens on every interface', () => {
      const config = loadConfig({ ...template, TWILIO_AUTH_TOKEN: '0f3c9a7be21d4c5e8a6b1d2e3f4a5b6c' });
      expect(config.placeholderAuthToken).toBe(false);
      expect(config.listenHost).toBeUndefined();
    });
  });

  describe('Azure AI Language for language detection', () => {
    it('is used when its endpoint and key are both set', () => {
      const config = loadConfig({ ...VALID, AZURE_LANGUAGE_ENDPOINT: 'https://elmhurst.cognitiveservices.azure.com', AZURE_LANGUAGE_KEY: 'k3y' });
      expect(config.azureLanguage).toEqual({ endpoint: 'https://elmhurst.cognitiveservices.azure.com', key: 'k3y', timeoutMs: 1500 });
    });

    it('is off when both are empty, as .env.example leaves them', () => {
      expect(loadConfig({ ...VALID, AZURE_LANGUAGE_ENDPOINT: '', AZURE_LANGUAGE_KEY: '' }).azureLanguage).toBeUndefined();
    });

    it.each([{ AZURE_LANGUAGE_ENDPOINT: 'https://elmhurst.cognitiveservices.azure.com' }, { AZURE_LANGUAGE_KEY: 'k3y' }])(
      'refuses half a setting (%j): a detector that silently never runs',
      (half) => {
        const { message } = configError({ ...VALID, ...half });
        expect(message).toContain('AZURE_LANGUAGE_ENDPOINT and AZURE_LANGUAGE_KEY');
      },
    );

    it.each([['AZURE_LANGUAGE_ENDPOINT', 'elmhurst.cognitiveservices'], ['AZURE_LANGUAGE_TIMEOUT_MS', '60000']])('rejects %s=%j', (name, value) => {
      expect(configError({ ...VALID, AZURE_LANGUAGE_KEY: 'k3y', [name]: value }).message).toContain(name);
    });
  });

  describe('SEED_SAMPLE_DATA', () => {
    it.each<[Record<string, string>, boolean]>([
      [{}, true],
      [{ MONGODB_URI: '' }, true],
      [{ MONGODB_URI: 'mongodb://db.internal:27017/civicline' }, false],
      [{ MONGODB_URI: 'mongodb://db.internal:27017/civicline', SEED_SAMPLE_DATA: 'true' }, true],
      [{ SEED_SAMPLE_DATA: 'false' }, false],
      [{ SEED_SAMPLE_DATA: '' }, true],
    ])('%j seeds sample permits: %s (by default only into the embedded development database)', (env, seeds) => {
      expect(loadConfig({ ...VALID, ...env }).seedSampleData).toBe(seeds);
    });
  });

  it.each(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'])('requires %s', (name) => {
    const env: Record<string, string | undefined> = { ...VALID };
    delete env[name];
    expect(configError(env).message).toContain(name);
  });

  it('names every bad variable at once, so they can be fixed in one go', () => {
    const { message } = configError({
      TWILIO_ACCOUNT_SID: 'not-a-sid',
      TWILIO_AUTH_TOKEN: VALID.TWILIO_AUTH_TOKEN,
      TWILIO_PHONE_NUMBER: '905 555 0100',
      PUBLIC_BASE_URL: 'not a url',
      CITY_TIMEZONE: 'Ontario/Elmhurst',
    });
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_PHONE_NUMBER', 'PUBLIC_BASE_URL', 'CITY_TIMEZONE']) expect(message).toContain(name);
    expect(message).not.toContain('TWILIO_AUTH_TOKEN');
    expect(message).toMatch(/\.env\.example/);
  });

  it('an empty environment names all three Twilio settings', () => {
    const { message } = configError({});
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER']) expect(message).toContain(name);
  });
});

describe('CASE_GROUPING', () => {
  it('is on unless set to false, and refuses other words', () => {
    expect(loadConfig({ ...VALID }).caseGrouping).toBe(true);
    expect(loadConfig({ ...VALID, CASE_GROUPING: 'false' }).caseGrouping).toBe(false);
    expect(() => loadConfig({ ...VALID, CASE_GROUPING: 'off' })).toThrow(/CASE_GROUPING/);
  });
});
