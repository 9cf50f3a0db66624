import { setTimeout as sleep } from 'node:timers/promises';
import { phoneOf } from '../bench/conversations';
import { ResidentOutcome, ResidentPlan, runResident } from './resident';
import { runVoiceResident } from './voiceResident';
import { runWebResident } from './webResident';
import { Restart, ServerUnderChaos } from './serverControl';
import { TwilioMode, TwilioStandIn } from './twilioStandIn';

export type Fault =
  | { at: number; kind: 'kill server' | 'kill server and database' | 'kill database' }
  | { at: number; kind: 'twilio'; mode: Exclude<TwilioMode, 'accept'>; forMs: number };

export type Channel = 'sms' | 'webchat' | 'voice';

export interface Scenario {
  name: string;
  /** How its residents report: texts (the default), web chat (Direct Line REST) or a phone call. */
  channel?: Channel;
  faults: Fault[];
  /** Copies of every delivery sent at once. */
  copies: number;
  /** Staff change each filed case's status while the faults last: every reporter must be told once. */
  notify: boolean;
}

/** Each scenario runs on its own residents; the server and its data carry on from one scenario to the next. */
export const SCENARIOS: Scenario[] = [
  { name: 'server killed', faults: [{ at: 2000, kind: 'kill server' }, { at: 5500, kind: 'kill server' }], copies: 1, notify: false },
  {
    name: 'server and database killed',
    faults: [{ at: 2000, kind: 'kill server and database' }, { at: 5500, kind: 'kill server and database' }],
    copies: 1,
    notify: false,
  },
  { name: 'database killed', faults: [{ at: 2000, kind: 'kill database' }, { at: 5500, kind: 'kill database' }], copies: 1, notify: false },
  { name: 'Twilio answers 500', faults: [{ at: 500, kind: 'twilio', mode: 'fail', forMs: 7000 }], copies: 1, notify: true },
  { name: 'Twilio hangs', faults: [{ at: 500, kind: 'twilio', mode: 'hang', forMs: 7000 }], copies: 1, notify: true },
  { name: 'webhooks delivered 3 times at once', faults: [], copies: 3, notify: true },
  { name: 'web chat: server killed', channel: 'webchat', faults: [{ at: 2000, kind: 'kill server' }, { at: 5500, kind: 'kill server' }], copies: 1, notify: false },
  {
    name: 'web chat: server and database killed',
    channel: 'webchat',
    faults: [{ at: 2000, kind: 'kill server and database' }, { at: 5500, kind: 'kill server and database' }],
    copies: 1,
    notify: false,
  },
  { name: 'web chat: database killed', channel: 'webchat', faults: [{ at: 2000, kind: 'kill database' }, { at: 5500, kind: 'kill database' }], copies: 1, notify: false },
  { name: 'phone: server killed', channel: 'voice', faults: [{ at: 2000, kind: 'kill server' }, { at: 5500, kind: 'kill server' }], copies: 1, notify: false },
  { name: 'phone: database killed', channel: 'voice', faults: [{ at: 2000, kind: 'kill database' }, { at: 5500, kind: 'kill database' }], copies: 1, notify: false },
  { name: 'phone: Twilio hangs', channel: 'voice', faults: [{ at: 500, kind: 'twilio', mode: 'hang', forMs: 7000 }], copies: 1, notify: false },
];

export interface ScenarioRun {
  outcomes: ResidentOutcome[];
  /** Residents still mid-conversation when the time ran out. */
  unfinished: number;
  restarts: Restart[];
  /** When the last Twilio failure window ended (texts owed then should follow). */
  twilioBackAt?: number;
}

export interface RunContext {
  server: ServerUnderChaos;
  twilio: TwilioStandIn;
  residents: number;
  /** Resident numbers of this scenario start here (phones differ between scenarios). */
  firstResident: number;
  timeoutMs: number;
  /** Called with each case as soon as its reporter has the number (staff act on it). */
  onCaseFiled?: (number: string) => Promise<void>;
}

/** Residents file reports (staggered over a few seconds) while the scenario's faults strike on schedule. */
export async function runScenario(scenario: Scenario, ctx: RunContext): Promise<ScenarioRun> {
  const started = Date.now();
  const deadline = started + ctx.timeoutMs;
  const restarts: Restart[] = [];
  let twilioBackAt: number | undefined;
  const faults = scenario.faults.map(async (fault) => {
    await sleep(fault.at);
    if (fault.kind === 'twilio') {
      ctx.twilio.mode = fault.mode;
      await sleep(fault.forMs);
      ctx.twilio.mode = 'accept';
      ctx.twilio.dropHung();
      twilioBackAt = Date.now();
    } else if (fault.kind === 'kill database') {
      restarts.push(await ctx.server.killDatabase());
    } else {
      await ctx.server.kill(fault.kind === 'kill server and database');
      restarts.push(await ctx.server.restart());
    }
  });
  const residents = Array.from({ length: ctx.residents }, async (_, i) => {
    await sleep(Math.floor((i * 3000) / ctx.residents));
    const index = ctx.firstResident + i;
    const outcome = await residentOf(scenario.channel ?? 'sms', {
      index,
      phone: phoneOf(index),
      copies: scenario.copies,
      baseUrl: ctx.server.baseUrl,
      twilio: ctx.twilio,
      textWaitMs: 25_000,
      deadline,
    });
    if (outcome.caseNumber && scenario.notify) await ctx.onCaseFiled?.(outcome.caseNumber);
    return outcome;
  });
  const outcomes = await Promise.all(residents);
  await Promise.all(faults);
  return { outcomes, unfinished: outcomes.filter((o) => !o.caseNumber && o.unexpected.length === 0 && o.appliedTwice === 0).length, restarts, twilioBackAt };
}

/** The same report, by text, in web chat or by phone. */
function residentOf(channel: Channel, plan: ResidentPlan): Promise<ResidentOutcome> {
  if (channel === 'webchat') return runWebResident({ index: plan.index, baseUrl: plan.baseUrl, answerWaitMs: 30_000, deadline: plan.deadline });
  if (channel === 'voice') return runVoiceResident({ index: plan.index, phone: plan.phone, baseUrl: plan.baseUrl, deadline: plan.deadline });
  return runResident(plan);
}
