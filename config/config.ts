import { z } from 'zod';

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalFlag = z.preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false']).optional());

/** The token .env.example ships: public, so anyone could sign webhooks with it. */
export const PLACEHOLDER_AUTH_TOKEN = 'dev-auth-token-change-me';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3978'),
  MONGODB_URI: optionalText,
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string().min(8, 'must be the auth token from the Twilio console'),
  TWILIO_PHONE_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15555550100'),
  TWILIO_API_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  TWILIO_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(10000),
  DEFAULT_LOCALE: z.string().default('en'),
  CITY_TIMEZONE: z
    .string()
    .default('America/Toronto')
    .refine(isValidTimeZone, { message: 'unknown time zone (use an IANA name such as America/Toronto)' }),
  SMS_REPLY_BUDGET_MS: z.coerce.number().int().min(0).max(14000).default(10000),
  FERRETDB_DATA_DIR: optionalText,
  FERRETDB_BIN: optionalText,
  SEED_SAMPLE_DATA: optionalFlag,
  CONVERSATION_IDLE_MINUTES: z.coerce.number().positive().default(60),
  RETENTION_RECEIPTS_DAYS: z.coerce.number().positive().default(7),
  RETENTION_OUTBOX_DAYS: z.coerce.number().positive().default(30),
  RETENTION_CONVERSATIONS_DAYS: z.coerce.number().positive().default(30),
  RETENTION_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
});

export interface Config {
  port: number;
  /** Unset: every interface. Loopback only while the auth token is the public placeholder. */
  listenHost?: string;
  /** True while TWILIO_AUTH_TOKEN is still the placeholder from .env.example. */
  placeholderAuthToken: boolean;
  publicBaseUrl: string;
  /** Unset means: start the embedded FerretDB. */
  mongodbUri?: string;
  /** timeoutMs: a REST call to Twilio taking longer fails (the outbox tries it again later). */
  twilio: { accountSid: string; authToken: string; phoneNumber: string; apiBaseUrl?: string; timeoutMs: number };
  /** How long an SMS webhook waits for the bot's replies before answering and texting them later. */
  smsReplyBudgetMs: number;
  defaultLocale: string;
  timeZone: string;
  ferretdb: { dataDir?: string; binary?: string };
  /** Seed the built-in permit directory with sample applications (default: only on the embedded database). */
  seedSampleData: boolean;
  /** A conversation silent this long starts afresh instead of taking a new message as an old answer. */
  conversationIdleMs: number;
  /** How long records are kept before the retention job deletes them, and how often it runs. */
  retention: { receiptsMs: number; outboxMs: number; conversationsMs: number; intervalMs: number };
}

export class ConfigError extends Error {}

const DAY_MS = 24 * 60 * 60_000;

/** Validates the environment once at start-up; every problem is listed so it can be fixed in one go. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const placeholderAuthToken = e.TWILIO_AUTH_TOKEN === PLACEHOLDER_AUTH_TOKEN;
  return {
    port: e.PORT,
    listenHost: placeholderAuthToken ? '127.0.0.1' : undefined,
    placeholderAuthToken,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    mongodbUri: e.MONGODB_URI,
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      phoneNumber: e.TWILIO_PHONE_NUMBER,
      apiBaseUrl: e.TWILIO_API_BASE_URL,
      timeoutMs: e.TWILIO_TIMEOUT_MS,
    },
    smsReplyBudgetMs: e.SMS_REPLY_BUDGET_MS,
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.CITY_TIMEZONE,
    ferretdb: { dataDir: e.FERRETDB_DATA_DIR, binary: e.FERRETDB_BIN },
    seedSampleData: e.SEED_SAMPLE_DATA === undefined ? !e.MONGODB_URI : e.SEED_SAMPLE_DATA === 'true',
    conversationIdleMs: Math.round(e.CONVERSATION_IDLE_MINUTES * 60_000),
    retention: {
      receiptsMs: Math.round(e.RETENTION_RECEIPTS_DAYS * DAY_MS),
      outboxMs: Math.round(e.RETENTION_OUTBOX_DAYS * DAY_MS),
      conversationsMs: Math.round(e.RETENTION_CONVERSATIONS_DAYS * DAY_MS),
      intervalMs: Math.round(e.RETENTION_INTERVAL_MINUTES * 60_000),
    },
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
