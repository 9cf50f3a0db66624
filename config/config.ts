import { z } from 'zod';
import { StaffToken, parseStaffTokens } from '../staff/staffTokens';

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
  DIRECTLINE_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 random characters (e.g. openssl rand -hex 32)').optional()),
  DIRECTLINE_TOKEN_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  DIRECTLINE_STREAM_POLL_MS: z.coerce.number().int().min(50).max(5000).default(500),
  WEBCHAT_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .superRefine((raw, ctx) => parseOrigins(raw).problems.forEach((message) => ctx.addIssue({ code: 'custom', message }))),
  WEBCHAT_MAX_PHOTO_MB: z.coerce.number().positive().max(50).default(10),
  RATE_LIMIT_CONVERSATION_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  TRUST_PROXY: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(10).optional()),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  MicrosoftAppTenantId: optionalText,
  STAFF_API_TOKENS: z
    .string()
    .optional()
    .superRefine((raw, ctx) => parseStaffTokens(raw).problems.forEach((message) => ctx.addIssue({ code: 'custom', message }))),
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
  twilio: { accountSid: string; authToken: string; phoneNumber: string; apiBaseUrl?: string };
  /** How long an SMS webhook waits for the bot's replies before answering and texting them later. */
  smsReplyBudgetMs: number;
  defaultLocale: string;
  timeZone: string;
  ferretdb: { dataDir?: string; binary?: string };
  /** Seed the built-in permit directory with sample applications (default: only on the embedded database). */
  seedSampleData: boolean;
  /** A conversation silent this long starts afresh instead of taking a new message as an old answer. */
  conversationIdleMs: number;
  /** Bearer tokens of the staff API, with their roles; none means the staff API refuses everyone. */
  staffTokens: StaffToken[];
  webChat: WebChatConfig;
  /** Azure Bot Service credentials for POST /api/messages; unset serves the Bot Framework Emulator only. */
  azureBot: { appId?: string; appPassword?: string; appType?: string; tenantId?: string };
  /** How many proxies in front of the server set X-Forwarded-For (unset: none, the peer's address counts). */
  trustProxyHops?: number;
}

export interface WebChatConfig {
  /** Signs Direct Line tokens. Unset: a secret generated once and kept in the database, shared by every process. */
  secret?: string;
  tokenLifetimeSeconds: number;
  /** How often an open WebSocket looks for activities another process stored. */
  streamPollMs: number;
  /** Other sites (origins) whose pages may embed the chat; the server's own pages always may. */
  allowedOrigins: string[];
  maxPhotoBytes: number;
  /** Messages and uploads per minute, per conversation and per client address. */
  conversationLimitPerMinute: number;
  ipLimitPerMinute: number;
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
    },
    smsReplyBudgetMs: e.SMS_REPLY_BUDGET_MS,
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.CITY_TIMEZONE,
    ferretdb: { dataDir: e.FERRETDB_DATA_DIR, binary: e.FERRETDB_BIN },
    seedSampleData: e.SEED_SAMPLE_DATA === undefined ? !e.MONGODB_URI : e.SEED_SAMPLE_DATA === 'true',
    conversationIdleMs: Math.round(e.CONVERSATION_IDLE_MINUTES * 60_000),
    staffTokens: parseStaffTokens(e.STAFF_API_TOKENS).tokens,
    webChat: {
      secret: e.DIRECTLINE_SECRET,
      tokenLifetimeSeconds: e.DIRECTLINE_TOKEN_MINUTES * 60,
      streamPollMs: e.DIRECTLINE_STREAM_POLL_MS,
      allowedOrigins: parseOrigins(e.WEBCHAT_ALLOWED_ORIGINS).origins,
      maxPhotoBytes: Math.round(e.WEBCHAT_MAX_PHOTO_MB * 1024 * 1024),
      conversationLimitPerMinute: e.RATE_LIMIT_CONVERSATION_PER_MINUTE,
      ipLimitPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
    },
    azureBot: { appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, appType: e.MicrosoftAppType, tenantId: e.MicrosoftAppTenantId },
    trustProxyHops: e.TRUST_PROXY,
  };
}

/** WEBCHAT_ALLOWED_ORIGINS: "https://www.elmhurst.ca,https://elmhurst.ca"; each an origin, nothing after the host. */
function parseOrigins(raw: string | undefined): { origins: string[]; problems: string[] } {
  const origins: string[] = [];
  const problems: string[] = [];
  for (const item of (raw ?? '').split(',').map((o) => o.trim()).filter(Boolean)) {
    let origin: string | undefined;
    try {
      origin = new URL(item).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== item.replace(/\/+$/, '')) problems.push(`"${item}" must be an origin such as https://www.elmhurst.ca`);
    else origins.push(origin);
  }
  return { origins, problems };
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
