import { z } from 'zod';
import { OpeningHours, OpeningHoursError } from '../hours/OpeningHours';
import { StaffToken, parseStaffTokens } from '../staff/staffTokens';
import { StaffTeams, parseStaffTeams } from '../staff/staffTeams';
import { quietHoursProblem } from '../notifications/QuietHours';
import { TrustProxy, parseTrustProxy } from '../http/trustProxy';
import { parseCrewContacts } from '../forwarding/crewContacts';
import { StaffQueues, parseStaffQueues } from '../staff/staffQueues';

const E164 = /^\+[1-9]\d{6,14}$/;
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalFlag = z.preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false']).optional());
const optionalPhone = z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(E164, 'must be an E.164 number such as +19055550311').optional());
const whole = (min: number, max: number, fallback: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).default(fallback));

/** The token .env.example ships: public, so anyone could sign webhooks with it. */
export const PLACEHOLDER_AUTH_TOKEN = 'dev-auth-token-change-me';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3978'),
  MONGODB_URI: optionalText,
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string().min(8, 'must be the auth token from the Twilio console'),
  TWILIO_PHONE_NUMBER: z.string().regex(E164, 'must be an E.164 number such as +15555550100'),
  TWILIO_API_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  TWILIO_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(10000),
  DEFAULT_LOCALE: z.string().default('en'),
  AZURE_LANGUAGE_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  AZURE_LANGUAGE_KEY: optionalText,
  AZURE_LANGUAGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(10000).default(1500),
  CITY_TIMEZONE: z
    .string()
    .default('America/Toronto')
    .refine(isValidTimeZone, { message: 'unknown time zone (use an IANA name such as America/Toronto)' }),
  CITY_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as CA')
    .default('CA'),
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
  WEBCHAT_MAX_PHOTOS_PER_UPLOAD: whole(1, 20, 5),
  DIRECTLINE_STREAMS_PER_CONVERSATION: whole(1, 1000, 8),
  DIRECTLINE_STREAMS_PER_IP: whole(1, 100_000, 100),
  DIRECTLINE_REFRESH_GRACE_SECONDS: whole(0, 3600, 60),
  WEBCHAT_RESIDENT_KEY_IDLE_DAYS: z.coerce.number().positive().default(180),
  RATE_LIMIT_CONVERSATION_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  TRUST_PROXY: z
    .string()
    .optional()
    .superRefine((raw, ctx) => parseTrustProxy(raw).problems.forEach((message) => ctx.addIssue({ code: 'custom', message }))),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  MicrosoftAppTenantId: optionalText,
  OPENING_HOURS: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().default('Mon-Fri 08:30-16:30'))
    .superRefine((spec, ctx) => {
      const problem = openingHoursProblem(spec);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  CITY_STAFF_NUMBER: optionalPhone,
  QUIET_HOURS: z
    .string()
    .default('21:00-08:00')
    .superRefine((spec, ctx) => {
      const problem = quietHoursProblem(spec);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  CALLBACK_CALLER_ID: optionalPhone,
  CALLBACK_PARALLEL_CALLS: whole(1, 100, 2),
  CALLBACK_MAX_ATTEMPTS: whole(1, 10, 3),
  CALLBACK_RETRY_MINUTES: whole(1, 24 * 60, 15),
  CALLBACK_MINUTES_PER_CALL: whole(1, 240, 10),
  CALLBACK_DISPATCH_SECONDS: whole(0, 3600, 15),
  TWILIO_LOOKUP_LINE_TYPE: optionalFlag,
  CASE_GROUPING: optionalFlag,
  VOICE_RECORDINGS_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  STAFF_API_TOKENS: z
    .string()
    .optional()
    .superRefine((raw, ctx) => parseStaffTokens(raw).problems.forEach((message) => ctx.addIssue({ code: 'custom', message }))),
  STAFF_TEAMS: z.string().optional(),
  STAFF_QUEUES: z
    .string()
    .optional()
    .superRefine((raw, ctx) => parseStaffQueues(raw).problems.forEach((message) => ctx.addIssue({ code: 'custom', message }))),
  STAFF_PHOTO_LINK_MINUTES: whole(1, 30 * 24 * 60, 24 * 60),
  STAFF_RATE_LIMIT_PER_MINUTE: whole(1, 100_000, 600),
  RETENTION_RECEIPTS_DAYS: z.coerce.number().positive().default(7),
  RETENTION_OUTBOX_DAYS: z.coerce.number().positive().default(30),
  RETENTION_CONVERSATIONS_DAYS: z.coerce.number().positive().default(30),
  RETENTION_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
  CREW_CONTACTS: z
    .string()
    .optional()
    .superRefine((raw, ctx) => parseCrewContacts(raw).problems.forEach((message) => ctx.addIssue({ code: 'custom', message }))),
  BODIES_FILE: z.string().optional(),
  FORWARDING_POLL_SECONDS: whole(0, 24 * 3600, 300),
  FORWARDING_TIMEOUT_MS: whole(100, 120_000, 10_000),
  PHOTO_RETENTION_DAYS: z.coerce.number().positive().default(365),
  PHOTO_UNATTACHED_DAYS: z.coerce.number().positive().default(7),
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
  /** Azure AI Language detects each message's language when set; the local detector otherwise, and on failure. */
  azureLanguage?: { endpoint: string; key: string; timeoutMs: number };
  timeZone: string;
  /** The city's country: French is written as in Canada (fr-CA) when it is CA. */
  region: string;
  ferretdb: { dataDir?: string; binary?: string };
  /** Seed the built-in permit directory with sample applications (default: only on the embedded database). */
  seedSampleData: boolean;
  /** A conversation silent this long starts afresh instead of taking a new message as an old answer. */
  conversationIdleMs: number;
  /** Bearer tokens of the staff API, with their roles; none means the staff API refuses everyone. */
  staffTokens: StaffToken[];
  /** STAFF_TEAMS: each supervisor's agents; a supervisor without a team acts only for themselves. */
  staffTeams: StaffTeams;
  /** STAFF_QUEUES: the queues each agent works (their cases in the staff case API). */
  staffQueues: StaffQueues;
  /** How long a signed staff photo link opens its photo. */
  staffPhotoLinkMs: number;
  /** Staff API and staff photo requests per minute per client address (counted before authentication). */
  staffRateLimitPerMinute: number;
  webChat: WebChatConfig;
  /** Azure Bot Service credentials for POST /api/messages; unset serves the Bot Framework Emulator only. */
  azureBot: { appId?: string; appPassword?: string; appType?: string; tenantId?: string };
  /** TRUST_PROXY: how many proxies set X-Forwarded-For, or their addresses (unset: none, the peer's address counts). */
  trustProxy?: TrustProxy;
  /** OPENING_HOURS as written (validated): when staff take calls and call-backs are placed, in timeZone. */
  openingHours: string;
  /** QUIET_HOURS as written (validated): no texts to residents in this window, city time, except urgent ones; '' none. */
  quietHours: string;
  /** Where "speak to a person" dials during opening hours; unset: callers are offered a call-back instead. */
  cityStaffNumber?: string;
  callbacks: CallbackSettings;
  /** Ask Twilio Lookup whether a caller's number can take texts (mobile) before texting it. */
  lookupLineType: boolean;
  /** One problem, one case: a new report close to an open case of its category is offered to join it (default on). */
  caseGrouping: boolean;
  /** Recorded prompts for languages Twilio has no voice for (see docs/VOICE_LANGUAGES.md). */
  voiceRecordingsBaseUrl?: string;
  /** How long records are kept before the retention job deletes them, and how often it runs. */
  /** The crew lead's phone per queue (CREW_CONTACTS): texted when a case lands in their queue. */
  crewContacts: Map<string, string>;
  /**
   * Cases that belong to other bodies: the bodies file (default knowledge/bodies.json), how often Open311 bodies are
   * asked about the cases they hold (0: never), a request's time limit, and the BODY_* variables the file names.
   */
  forwarding: { bodiesFile?: string; pollMs: number; timeoutMs: number; secrets: Record<string, string> };
  retention: { receiptsMs: number; outboxMs: number; conversationsMs: number; intervalMs: number; photos: PhotoRetention };
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
  maxFilesPerUpload: number;
  /** Open WebSocket streams at once, per conversation and per client address (in each process). */
  streamsPerConversation: number;
  streamsPerIp: number;
  /** How long a refreshed token keeps working (a request or page under way with it). */
  refreshGraceMs: number;
  /** A browser's resident key unused this long no longer brings the resident back. */
  residentKeyIdleMs: number;
}

/** Residents' photos: kept while their case needs them, then deleted by the retention job. */
export interface PhotoRetention {
  /** After the case is closed (or resolved). */
  afterClosedMs: number;
  /** A photo no case refers to (the report was never finished, or the upload was abandoned). */
  unattachedMs: number;
}

export interface CallbackSettings {
  /** The number residents see when the city calls back. */
  callerId: string;
  /** Call-backs placed at the same time, at most (never more than the agents available). */
  parallelCalls: number;
  /** Calls to one request (a machine or no answer is retried) before the resident is texted instead. */
  maxAttempts: number;
  retryDelayMs: number;
  /** Average length of a call-back, for the estimated wait residents are told. */
  minutesPerCall: number;
  /** How often this process looks for call-backs to place; 0: this process never places any. */
  dispatchIntervalMs: number;
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
  if (!e.AZURE_LANGUAGE_ENDPOINT !== !e.AZURE_LANGUAGE_KEY) {
    throw new ConfigError('Invalid configuration (see .env.example):\n  AZURE_LANGUAGE_ENDPOINT and AZURE_LANGUAGE_KEY: set both, or neither');
  }
  const staffTokens = parseStaffTokens(e.STAFF_API_TOKENS).tokens;
  const staffTeams = parseStaffTeams(e.STAFF_TEAMS, staffTokens);
  if (staffTeams.problems.length > 0) {
    throw new ConfigError(`Invalid configuration (see .env.example):\n${staffTeams.problems.map((p) => `  STAFF_TEAMS: ${p}`).join('\n')}`);
  }
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
    azureLanguage:
      e.AZURE_LANGUAGE_ENDPOINT && e.AZURE_LANGUAGE_KEY
        ? { endpoint: e.AZURE_LANGUAGE_ENDPOINT, key: e.AZURE_LANGUAGE_KEY, timeoutMs: e.AZURE_LANGUAGE_TIMEOUT_MS }
        : undefined,
    timeZone: e.CITY_TIMEZONE,
    region: e.CITY_REGION,
    ferretdb: { dataDir: e.FERRETDB_DATA_DIR, binary: e.FERRETDB_BIN },
    seedSampleData: e.SEED_SAMPLE_DATA === undefined ? !e.MONGODB_URI : e.SEED_SAMPLE_DATA === 'true',
    conversationIdleMs: Math.round(e.CONVERSATION_IDLE_MINUTES * 60_000),
    staffTokens,
    staffTeams: staffTeams.teams,
    staffQueues: parseStaffQueues(e.STAFF_QUEUES).queues,
    staffPhotoLinkMs: e.STAFF_PHOTO_LINK_MINUTES * 60_000,
    staffRateLimitPerMinute: e.STAFF_RATE_LIMIT_PER_MINUTE,
    webChat: {
      secret: e.DIRECTLINE_SECRET,
      tokenLifetimeSeconds: e.DIRECTLINE_TOKEN_MINUTES * 60,
      streamPollMs: e.DIRECTLINE_STREAM_POLL_MS,
      allowedOrigins: parseOrigins(e.WEBCHAT_ALLOWED_ORIGINS).origins,
      maxPhotoBytes: Math.round(e.WEBCHAT_MAX_PHOTO_MB * 1024 * 1024),
      conversationLimitPerMinute: e.RATE_LIMIT_CONVERSATION_PER_MINUTE,
      ipLimitPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      maxFilesPerUpload: e.WEBCHAT_MAX_PHOTOS_PER_UPLOAD,
      streamsPerConversation: e.DIRECTLINE_STREAMS_PER_CONVERSATION,
      streamsPerIp: e.DIRECTLINE_STREAMS_PER_IP,
      refreshGraceMs: e.DIRECTLINE_REFRESH_GRACE_SECONDS * 1000,
      residentKeyIdleMs: Math.round(e.WEBCHAT_RESIDENT_KEY_IDLE_DAYS * DAY_MS),
    },
    azureBot: { appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, appType: e.MicrosoftAppType, tenantId: e.MicrosoftAppTenantId },
    trustProxy: parseTrustProxy(e.TRUST_PROXY).value,
    openingHours: e.OPENING_HOURS,
    quietHours: e.QUIET_HOURS,
    cityStaffNumber: e.CITY_STAFF_NUMBER,
    callbacks: {
      callerId: e.CALLBACK_CALLER_ID ?? e.TWILIO_PHONE_NUMBER,
      parallelCalls: e.CALLBACK_PARALLEL_CALLS,
      maxAttempts: e.CALLBACK_MAX_ATTEMPTS,
      retryDelayMs: e.CALLBACK_RETRY_MINUTES * 60_000,
      minutesPerCall: e.CALLBACK_MINUTES_PER_CALL,
      dispatchIntervalMs: e.CALLBACK_DISPATCH_SECONDS * 1000,
    },
    lookupLineType: e.TWILIO_LOOKUP_LINE_TYPE !== 'false',
    caseGrouping: e.CASE_GROUPING !== 'false',
    voiceRecordingsBaseUrl: e.VOICE_RECORDINGS_BASE_URL?.replace(/\/+$/, ''),
    retention: {
      receiptsMs: Math.round(e.RETENTION_RECEIPTS_DAYS * DAY_MS),
      outboxMs: Math.round(e.RETENTION_OUTBOX_DAYS * DAY_MS),
      conversationsMs: Math.round(e.RETENTION_CONVERSATIONS_DAYS * DAY_MS),
      intervalMs: Math.round(e.RETENTION_INTERVAL_MINUTES * 60_000),
      photos: { afterClosedMs: Math.round(e.PHOTO_RETENTION_DAYS * DAY_MS), unattachedMs: Math.round(e.PHOTO_UNATTACHED_DAYS * DAY_MS) },
    },
    crewContacts: parseCrewContacts(e.CREW_CONTACTS).contacts,
    forwarding: {
      bodiesFile: e.BODIES_FILE || undefined,
      pollMs: e.FORWARDING_POLL_SECONDS * 1000,
      timeoutMs: e.FORWARDING_TIMEOUT_MS,
      // Secrets of other bodies are named in the bodies file; only BODY_* variables are read for them.
      secrets: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => /^BODY_[A-Z0-9_]+$/.test(entry[0]) && Boolean(entry[1]))),
    },
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

function openingHoursProblem(spec: string): string | undefined {
  try {
    OpeningHours.parse(spec, 'UTC');
    return undefined;
  } catch (error) {
    if (error instanceof OpeningHoursError) return error.message;
    throw error;
  }
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
