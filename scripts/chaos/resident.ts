import { readFileSync } from 'node:fs';
import path from 'node:path';
import { conversationFor, reportFor } from '../bench/conversations';
import { AUTH_TOKEN, CITY_NUMBER } from '../bench/constants';
import { messagesInTwiml, newMessageSid, smsWebhookParams, twilioSignature } from '../smsClient';
import { TwilioStandIn } from './twilioStandIn';

/** What the bot says when it did not apply a message (read from the English locale, so wording changes follow). */
export const ERRORS = (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'locales', 'en', 'translation.json'), 'utf8')) as {
  error: Record<'unavailable' | 'restart' | 'turn', string>;
}).error;

/** Twilio waits this long for a webhook's answer. */
const TWILIO_TIMEOUT_MS = 15_000;
/** Pauses between Twilio's deliveries of a message it could not deliver (connection refused, reset, 5xx, timeout). */
const TWILIO_RETRY_PAUSES_MS = [500, 1000, 2000, 3000, 4000, 5000];

export interface ResidentPlan {
  index: number;
  phone: string;
  /** Copies of each delivery sent at once (several deliveries of one MessageSid). */
  copies: number;
  baseUrl: string;
  twilio: TwilioStandIn;
  /** How long an empty answer waits for the replies to come by text. */
  textWaitMs: number;
  deadline: number;
}

export interface ResidentOutcome {
  phone: string;
  address: string;
  category: string;
  details: string;
  caseNumber?: string;
  /** Messages Twilio could never deliver and never answered by text. */
  lost: number;
  /** Messages answered with no reply and no text after it. */
  dropped: number;
  /** Answers showing an earlier message applied a second time (a step skipped). */
  appliedTwice: number;
  /** Copies of one delivery answered differently (e.g. a case number in one, "send it again" in another). */
  contradicted: number;
  /** Honest "please send it again" answers (the message was not applied; the resident sends it again). */
  resendsAsked: number;
  /** Any other answer that does not fit the conversation, with what was said. */
  unexpected: string[];
  /** When each real answer (the expected next question, or the case number) arrived. */
  answeredAt: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A resident filing one report over four texts, with Twilio's retries under them and a person's resends on top. */
/** A resident's tally before their first message: the report they will make, nothing counted yet. */
export function freshOutcome(phone: string, report: ReturnType<typeof reportFor>): ResidentOutcome {
  return { phone, ...report, lost: 0, dropped: 0, appliedTwice: 0, contradicted: 0, resendsAsked: 0, unexpected: [], answeredAt: [] };
}

export async function runResident(plan: ResidentPlan): Promise<ResidentOutcome> {
  const turns = conversationFor(plan.index);
  const outcome: ResidentOutcome = freshOutcome(plan.phone, reportFor(plan.index));
  for (let step = 0; step < turns.length && Date.now() < plan.deadline; ) {
    const turn = turns[step];
    const textsBefore = plan.twilio.textsTo(plan.phone).length;
    const delivered = await twilioDelivers(plan, turn.text);
    if (delivered.contradicted) outcome.contradicted++;
    let reply = delivered.replies.join('\n\n');
    if (!reply) {
      reply = await textsAfter(plan, textsBefore);
      if (!reply) {
        if (delivered.answered) outcome.dropped++;
        else outcome.lost++;
        continue; // the resident sends it again
      }
    }
    if (turn.expect.test(reply)) {
      outcome.answeredAt.push(Date.now());
      if (step === turns.length - 1) outcome.caseNumber = /case number is (\d{8})/.exec(reply)?.[1];
      step++;
      await sleep(300 + ((plan.index * 137 + step * 61) % 600)); // reading and typing
      continue;
    }
    if (reply.includes(ERRORS.unavailable) || reply.includes(ERRORS.turn)) {
      outcome.resendsAsked++;
      await sleep(500);
      continue;
    }
    if (turns.slice(step + 1).some((later) => later.expect.test(reply))) outcome.appliedTwice++;
    else outcome.unexpected.push(`turn ${step + 1} "${turn.text}": ${JSON.stringify(reply.slice(0, 200))}`);
    break;
  }
  return outcome;
}

interface Delivery {
  /** The distinct non-empty replies of the answered copies (one, unless copies disagree). */
  replies: string[];
  /** False when every delivery failed (Twilio gave up). */
  answered: boolean;
  contradicted: boolean;
}

/** Delivers one message as Twilio does: the same MessageSid again after a failure, until answered or given up. */
async function twilioDelivers(plan: ResidentPlan, body: string): Promise<Delivery> {
  const params = smsWebhookParams({ webhookUrl: `${plan.baseUrl}/twilio/sms`, authToken: AUTH_TOKEN, from: plan.phone, to: CITY_NUMBER }, body, [], newMessageSid());
  for (let attempt = 0; ; attempt++) {
    const answers = (await Promise.all(Array.from({ length: plan.copies }, () => post(plan.baseUrl, params)))).filter((a): a is string => a !== null);
    if (answers.length > 0) {
      const texts = [...new Set(answers.map((twiml) => messagesInTwiml(twiml).join('\n\n')).filter(Boolean))];
      return { replies: texts.slice(0, 1), answered: true, contradicted: texts.length > 1 };
    }
    if (attempt >= TWILIO_RETRY_PAUSES_MS.length || Date.now() > plan.deadline) return { replies: [], answered: false, contradicted: false };
    await sleep(TWILIO_RETRY_PAUSES_MS[attempt]);
  }
}

/** The TwiML of a 200 answer, or null for anything Twilio counts as a failed delivery. */
async function post(baseUrl: string, params: Record<string, string>): Promise<string | null> {
  try {
    const response = await fetch(`${baseUrl}/twilio/sms`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, `${baseUrl}/twilio/sms`, params) },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(TWILIO_TIMEOUT_MS),
    });
    const text = await response.text();
    return response.status === 200 ? text : null;
  } catch {
    return null;
  }
}

/** Texts that reach the resident after `before` (their replies sent late), within the wait. */
async function textsAfter(plan: ResidentPlan, before: number): Promise<string> {
  const until = Math.min(Date.now() + plan.textWaitMs, plan.deadline);
  while (Date.now() < until) {
    if (plan.twilio.textsTo(plan.phone).length > before) {
      await sleep(200); // a long reply comes as several texts
      return plan.twilio
        .textsTo(plan.phone)
        .slice(before)
        .map((t) => t.body)
        .join('\n\n');
    }
    await sleep(50);
  }
  return '';
}
