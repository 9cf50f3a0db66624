import { reportFor } from '../bench/conversations';
import { AUTH_TOKEN, CITY_NUMBER } from '../bench/constants';
import { CallStep, localTransport, SimulatedCall, VoiceTransport } from '../voiceClient';
import { freshOutcome, ResidentOutcome } from './resident';

export interface VoiceResidentPlan {
  index: number;
  phone: string;
  baseUrl: string;
  deadline: number;
}

/** Twilio waits this long for a webhook's answer. */
const TWILIO_TIMEOUT_MS = 15_000;
/** Pauses between deliveries of a webhook that got no answer (connection refused or reset, 5xx, timeout). */
const RETRY_PAUSES_MS = [500, 1000, 2000, 3000, 4000, 5000];

/** What the caller hears: a filed case, the read-back, a place question or check, the opening question, a failure. */
const CASE_NUMBER = /case number is ((?:\d[ ,]*){8})/;
const READ_BACK = /Here is your report/;
const SAY_AGAIN = /say that again/i;
const UNAVAILABLE = /briefly unavailable/i;
const WHERE = /\bwhere\b/i;
const CONFIRM = /\byes\b/i;
const WHAT = /problem|what happened|describe/i;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A resident reporting by phone: menu key 1, the problem in their words, the address, a yes to a place check, 1 at
 * the read-back. Each webhook without an answer is delivered again by "Twilio" (same CallSid and step URL, as with
 * a connection override's retries); a "please say that again" is answered by saying it again.
 */
export async function runVoiceResident(plan: VoiceResidentPlan): Promise<ResidentOutcome> {
  const report = reportFor(plan.index);
  const outcome: ResidentOutcome = freshOutcome(plan.phone, report);
  // A call that ends early (the city briefly unavailable) is made again from the start: nothing of it was filed.
  for (let calls = 0; calls < 3 && Date.now() < plan.deadline; calls++) {
    const ended = await oneCall(plan, report, outcome);
    if (!ended) return outcome;
    outcome.resendsAsked++;
    await sleep(500);
  }
  outcome.unexpected.push('three calls ended before the report was filed');
  return outcome;
}

/** One call; true when it ended before the report was filed and the resident should call again. */
async function oneCall(plan: VoiceResidentPlan, report: ReturnType<typeof reportFor>, outcome: ResidentOutcome): Promise<boolean> {
  const call = new SimulatedCall({ publicBaseUrl: plan.baseUrl, authToken: AUTH_TOKEN, from: plan.phone, to: CITY_NUMBER, transport: withTimeout(localTransport(plan.baseUrl, plan.baseUrl)) });
  let step = await delivered(plan, () => call.start(), () => call.retry());
  if (step?.state.kind === 'asked') step = await delivered(plan, () => call.press('1'), () => call.retry());
  let said = { problem: false, address: false };
  let last = '';
  for (let turn = 0; step && turn < 12 && Date.now() < plan.deadline; turn++) {
    const heard = step.heard.join(' ');
    const number = CASE_NUMBER.exec(heard)?.[1]?.replace(/\D/g, '');
    if (number) {
      if (SAY_AGAIN.test(heard)) outcome.contradicted++;
      outcome.caseNumber = number;
      outcome.answeredAt.push(Date.now());
      return false;
    }
    if (step.state.kind !== 'asked') {
      if (UNAVAILABLE.test(heard)) return true;
      outcome.unexpected.push(`the call ended: ${JSON.stringify(heard.slice(0, 200))}`);
      return false;
    }
    let answer: () => Promise<CallStep>;
    if (SAY_AGAIN.test(heard) && last) {
      outcome.resendsAsked++;
      const again = last;
      answer = () => call.say(again);
    } else if (READ_BACK.test(heard)) {
      answer = () => call.press('1');
    } else if (WHERE.test(heard) && !CONFIRM.test(heard)) {
      if (said.address) outcome.appliedTwice++; // asked again for what it was told: not on track
      said = { ...said, address: true };
      last = report.address;
      answer = () => call.say(report.address);
    } else if (CONFIRM.test(heard) && said.address) {
      last = 'yes';
      answer = () => call.say('yes');
    } else if (WHAT.test(heard) && !said.problem) {
      said = { ...said, problem: true };
      last = report.details;
      answer = () => call.say(report.details);
    } else {
      outcome.unexpected.push(`unexpected: ${JSON.stringify(heard.slice(0, 200))}`);
      return false;
    }
    outcome.answeredAt.push(Date.now());
    step = await delivered(plan, answer, () => call.retry());
  }
  if (!step) outcome.lost++;
  return false;
}

/** One webhook as Twilio delivers it: again (byte for byte) after a failure, until answered or given up. */
async function delivered(plan: VoiceResidentPlan, first: () => Promise<CallStep>, again: () => Promise<CallStep>): Promise<CallStep | undefined> {
  for (let attempt = 0; ; attempt++) {
    const step = await Promise.resolve()
      .then(attempt === 0 ? first : again)
      .catch(() => undefined);
    if (step && step.status === 200) return step;
    if (attempt >= RETRY_PAUSES_MS.length || Date.now() > plan.deadline) return undefined;
    await sleep(RETRY_PAUSES_MS[attempt]);
  }
}

function withTimeout(transport: VoiceTransport): VoiceTransport {
  return (url, params, signature) =>
    Promise.race([transport(url, params, signature), sleep(TWILIO_TIMEOUT_MS).then(() => Promise.reject(new Error('Twilio stopped waiting')))]);
}
