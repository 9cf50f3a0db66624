import { z } from 'zod';

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3978'),
  MONGODB_URI: optionalText,
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string().min(8, 'must be the auth token from the Twilio console'),
  TWILIO_PHONE_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15555550100'),
  TWILIO_API_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  DEFAULT_LOCALE: z.string().default('en'),
  CITY_TIMEZONE: z
    .string()
    .default('America/Toronto')
    .refine(isValidTimeZone, { message: 'unknown time zone (use an IANA name such as America/Toronto)' }),
  SMS_REPLY_BUDGET_MS: z.coerce.number().int().min(0).max(14000).default(10000),
  FERRETDB_DATA_DIR: optionalText,
  FERRETDB_BIN: optionalText,
});

export interface Config {
  port: number;
  publicBaseUrl: string;
  /** Unset means: start the embedded FerretDB. */
  mongodbUri?: string;
  twilio: { accountSid: string; authToken: string; phoneNumber: string; apiBaseUrl?: string };
  /** How long an SMS webhook waits for the bot's replies before answering and texting them later. */
  smsReplyBudgetMs: number;
  defaultLocale: string;
  timeZone: string;
  ferretdb: { dataDir?: string; binary?: string };
}

export class ConfigError extends Error {}

/** Validates the environment once at start-up; every problem is listed so it can be fixed in one go. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    mongodbUri: e.MONGODB_URI,
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      phoneNumber: e.TWILIO_PHONE_NUMBER,
      apiBaseUrl: e.TWILIO_API_BASE_URL,
    },
    smsReplyBudgetMs: e.SMS_REPLY_BUDGET_MS,
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.CITY_TIMEZONE,
    ferretdb: { dataDir: e.FERRETDB_DATA_DIR, binary: e.FERRETDB_BIN },
  };
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
