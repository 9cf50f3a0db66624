import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CategoryId } from '../../cases/categories';
import { escapeRegExp } from '../../understanding/text';
import { sendSms, SignedSmsOptions } from '../smsClient';
import { AUTH_TOKEN, CITY_NUMBER } from './constants';

/** Residents are +1289555xxxx: four digits to number them. */
export const MAX_RESIDENTS = 10_000;

interface Scenario {
  /** Names the problem but not where: after "I want to report a problem", it answers "what's the problem?". */
  opening: string;
  category: CategoryId;
  details: string;
}

const SCENARIOS: Scenario[] = [
  { opening: "there's a streetlight out", category: 'streetlight', details: 'it has been dark for a week, kids walk here' },
  { opening: "there's a pothole", category: 'pothole', details: 'deep enough to blow a tire, cars swerve around it' },
  { opening: "garbage wasn't picked up", category: 'missed_collection', details: 'the whole street was skipped on Tuesday morning' },
  { opening: 'traffic light broken', category: 'traffic_signal', details: 'stuck on red in every direction since this morning' },
  { opening: 'fallen tree branch', category: 'tree', details: 'a big limb came down in the storm last night' },
];

/** How the summary names a category: read from the English locale, so the bench follows its wording. */
const CATEGORY_NAMES = (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'locales', 'en', 'translation.json'), 'utf8')) as {
  category: Record<CategoryId, string>;
}).category;

interface Turn {
  text: string;
  /** What the reply must contain for the conversation to be on track. */
  expect: RegExp;
}

export interface TurnSample {
  step: number;
  ms: number;
}

export interface ResidentResult {
  ok: boolean;
  turns: TurnSample[];
  /** Why the conversation failed, e.g. "turn 3: unexpected reply ...". */
  error?: string;
}

export interface RunContext {
  baseUrl: string;
  deadline: number;
  turnTimeoutMs: number;
}

/** Main St's civic numbers run from 1 to 999 in the sample town's gazetteer. */
const MAIN_ST_NUMBERS = 999;

/** What resident number `resident` reports: the case their conversation should end up as (`details`: their words). */
export function reportFor(resident: number): { category: CategoryId; address: string; details: string } {
  const scenario = SCENARIOS[resident % SCENARIOS.length];
  // A civic number Main St has (1 to 999), so the town's map knows the place and no confirmation is asked.
  const details = `${scenario.opening}, ${scenario.details}`;
  return { category: scenario.category, address: `${(resident % MAIN_ST_NUMBERS) + 1} Main St`, details };
}

export function conversationFor(resident: number): Turn[] {
  const scenario = SCENARIOS[resident % SCENARIOS.length];
  const { address, details } = reportFor(resident);
  return [
    { text: 'I want to report a problem', expect: /What's the problem\?/ },
    { text: details, expect: /Where is it\?/ },
    { text: address, expect: new RegExp(`${escapeRegExp(CATEGORY_NAMES[scenario.category])} at ${address}`) },
    { text: 'yes', expect: /case number is \d{8}\b/ },
  ];
}

export function phoneOf(resident: number): string {
  return `+1289555${String(resident).padStart(4, '0')}`;
}

export async function runResident(resident: number, ctx: RunContext): Promise<ResidentResult> {
  const sms: SignedSmsOptions = { webhookUrl: `${ctx.baseUrl}/twilio/sms`, authToken: AUTH_TOKEN, from: phoneOf(resident), to: CITY_NUMBER };
  const turns: TurnSample[] = [];
  for (const [step, turn] of conversationFor(resident).entries()) {
    const remaining = ctx.deadline - Date.now();
    if (remaining <= 0) return { ok: false, turns, error: `turn ${step + 1}: run time limit reached` };
    const limit = remaining < ctx.turnTimeoutMs ? 'run time limit reached' : `no answer within ${ctx.turnTimeoutMs} ms`;
    const started = performance.now();
    try {
      const reply = await withTimeout(sendSms(sms, turn.text), Math.min(ctx.turnTimeoutMs, remaining), limit);
      turns.push({ step, ms: performance.now() - started });
      const text = reply.replies.join('\n\n');
      if (reply.status !== 200) return { ok: false, turns, error: `turn ${step + 1}: HTTP ${reply.status}` };
      if (!turn.expect.test(text)) return { ok: false, turns, error: `turn ${step + 1}: expected ${turn.expect}, got ${JSON.stringify(text.slice(0, 160))}` };
    } catch (error) {
      return { ok: false, turns, error: `turn ${step + 1}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return { ok: true, turns };
}

/** Runs task(0..count-1) with at most `concurrency` at once; none starts after the deadline. */
export async function runPool<T>(count: number, concurrency: number, deadline: number, task: (index: number) => Promise<T>): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array<T | undefined>(count).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < count && Date.now() < deadline) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** sendSms takes no abort signal, so a slow turn is abandoned rather than cancelled. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
