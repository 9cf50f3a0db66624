import { randomBytes } from 'node:crypto';
import express, { Request, Response, Router } from 'express';
import { Activity, TurnContext } from 'botbuilder';
import { isTransientFailure } from '../../db/transientFailure';
import { HANDOFF_STATUS_EVENT, HandoffStatus, SHOW_MENU_EVENT } from '../../bot/events';
import { Receipt, WebhookReceipts } from '../sms/WebhookReceipts';
import { TextReachability } from '../texts/TextReachability';
import { TextSender } from '../texts/TextSender';
import { requireTwilioSignature } from '../twilioSignature';
import { TwilioVoiceAdapter } from './TwilioVoiceAdapter';
import { VoiceWebhookPayload, answerActivity, eventActivity, readVoicePayload, voiceConversationId } from './voiceActivity';
import { VoiceCaseTexts } from './VoiceCaseTexts';
import { VoicePrompts, StoredPrompt } from './VoicePrompts';
import { VoiceTurnRenderer } from './VoiceTurnRenderer';

export interface VoiceWebhookOptions {
  adapter: TwilioVoiceAdapter;
  logic: (context: TurnContext) => Promise<void>;
  renderer: VoiceTurnRenderer;
  prompts: VoicePrompts;
  receipts: WebhookReceipts;
  caseTexts: VoiceCaseTexts;
  texts: TextSender;
  reachability: TextReachability;
  authToken: string;
  publicBaseUrl: string;
  defaultLocale: string;
  log: (message: string, error?: unknown) => void;
}

/** The key that brings the main menu back from any question. */
const MENU_KEY = '*';

/**
 * Twilio Voice webhooks for incoming calls: POST /twilio/voice answers a call with the greeting and the menu;
 * /twilio/voice/gather takes each answer (keys or speech) to the bot; /silence, /resume, /menu, /dial-status and
 * /whisper handle silence, the way back to the question or the menu, and transfers to staff. All signature-checked (403 otherwise).
 * Each request that runs a turn is recorded by (call, step): a retried webhook gets the same TwiML back.
 */
export function voiceWebhookRouter(options: VoiceWebhookOptions): Router {
  const router = express.Router();
  const checks = [express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }), requireTwilioSignature(options.authToken, options.publicBaseUrl)];
  const handle = (work: (payload: VoiceWebhookPayload, req: Request) => Promise<string>) => async (req: Request, res: Response) => {
    const payload = readVoicePayload(req.body);
    if (!payload) {
      res.status(400).type('text/plain').send('Bad request: CallSid, From and To are required');
      return;
    }
    try {
      res.type('text/xml').send(await withRetries(() => work(payload, req)));
    } catch (error) {
      // Never a bare HTTP error on a call: Twilio would read its own error message to the caller.
      options.log(`Call ${payload.CallSid}: ${req.path} failed`, error);
      res.type('text/xml').send(options.renderer.goodbye(options.defaultLocale, 'error.unavailable'));
    }
  };
  const stepOf = (req: Request) => (typeof req.query.step === 'string' && /^[0-9a-f]{12}$/.test(req.query.step) ? req.query.step : '');

  router.post(
    '/twilio/voice',
    ...checks,
    handle((payload) => showMenu(options, payload, `${payload.CallSid}:start`)),
  );

  router.post(
    '/twilio/voice/gather',
    ...checks,
    handle(async (payload, req) => {
      const step = stepOf(req);
      const asked = await options.prompts.find(payload.CallSid, step);
      const digits = payload.Digits ?? '';
      if (digits.includes(MENU_KEY)) return showMenu(options, payload, `${payload.CallSid}:${step}`, asked);
      if (asked && isWrongKey(digits, asked) && !payload.SpeechResult) {
        return sayAgain(options, payload.CallSid, asked, options.renderer.speaker(asked.locale).t('voice.wrongKey', { key: digits }));
      }
      return runTurn(options, payload, `${payload.CallSid}:${step}`, answerActivity, asked);
    }),
  );

  router.post(
    '/twilio/voice/silence',
    ...checks,
    handle(async (payload, req) => {
      const asked = await options.prompts.find(payload.CallSid, stepOf(req));
      return asked ? options.renderer.stillThere(asked, stepOf(req)) : options.renderer.goodbye(options.defaultLocale, 'voice.goodbye');
    }),
  );

  router.post(
    '/twilio/voice/resume',
    ...checks,
    handle(async (payload, req) => {
      const step = stepOf(req);
      const asked = await options.prompts.find(payload.CallSid, step);
      const wantsMenu = (payload.Digits ?? '').includes(MENU_KEY) || /\bmenu\b/i.test(payload.SpeechResult ?? '');
      if (!asked || wantsMenu) return showMenu(options, payload, `${payload.CallSid}:${step}:menu`);
      // The dialog still waits at its question: asking it again loses nothing said so far.
      return sayAgain(options, payload.CallSid, asked, options.renderer.speaker(asked.locale).t('voice.resumed'));
    }),
  );

  router.post(
    '/twilio/voice/menu',
    ...checks,
    handle((payload, req) => showMenu(options, payload, `${payload.CallSid}:${stepOf(req)}:menu`)),
  );

  router.post(
    '/twilio/voice/dial-status',
    ...checks,
    handle((payload, req) => {
      const status: HandoffStatus = { state: payload.DialCallStatus === 'completed' ? 'completed' : 'failed' };
      return runTurn(options, payload, `${payload.CallSid}:${stepOf(req)}:dial`, (parts) => eventActivity(parts, HANDOFF_STATUS_EVENT, status));
    }),
  );

  // Requested on the staff member's leg (its own CallSid): the caller's call is named in the URL.
  router.post(
    '/twilio/voice/whisper',
    ...checks,
    handle(async (_payload, req) => {
      const call = typeof req.query.call === 'string' ? req.query.call : '';
      return options.renderer.whisper(await options.prompts.find(call, stepOf(req)));
    }),
  );
  return router;
}

type ActivityFor = (parts: { payload: VoiceWebhookPayload; id: string; serviceUrl: string }) => Partial<Activity>;

/** Runs one turn of the call (once per request key) and answers with its TwiML. */
/** A turn that shows the main menu (the call's start, star, "still there?" answered with star). */
function showMenu(options: VoiceWebhookOptions, payload: VoiceWebhookPayload, key: string, asked?: StoredPrompt | null): Promise<string> {
  return runTurn(options, payload, key, (parts) => eventActivity(parts, SHOW_MENU_EVENT), asked);
}

async function runTurn(options: VoiceWebhookOptions, payload: VoiceWebhookPayload, key: string, activityFor: ActivityFor, asked?: StoredPrompt | null): Promise<string> {
  let receipt: Receipt;
  try {
    const now = Date.now();
    receipt = await withRetries(() => options.receipts.claim(key, payload as Record<string, string>, { arrivedAt: now, deadline: now + COPY_WAIT_MS }));
  } catch (error) {
    options.log(`Call ${payload.CallSid}: could not record the webhook`, error);
    return failure(options, payload, asked);
  }
  if (receipt.kind === 'answered') return receipt.response || (await failure(options, payload, asked));
  // A retry while the first delivery is still running gets no answer of its own: that turn must not run twice.
  if (receipt.kind === 'busy') return failure(options, payload, asked);
  const lease = options.receipts.holdLease(key, receipt.owner);
  try {
    const twiml = await answerOnce(options, payload, key, activityFor, () => lease.lost);
    await options.receipts.complete(key, twiml).catch((error: unknown) => options.log(`Call ${payload.CallSid}: could not record the answer`, error));
    return twiml;
  } catch (error) {
    options.log(`Call ${payload.CallSid}: turn failed`, error);
    const answer = await failure(options, payload, asked);
    await options.receipts.fail(key, answer).catch(() => undefined);
    return answer;
  } finally {
    await lease.stop();
  }
}

/** Pauses between attempts at a turn that failed on I/O (a database restart takes about a second). */
const RETRY_PAUSES_MS = [200, 500, 1000, 2000];

/**
 * The turn (committed with its answer before any TwiML exists) and its TwiML. An I/O failure, before or after the
 * commit, runs it all again: the activity keeps its id (the request key), so a turn whose commit landed is answered
 * from the journal and never applied twice, and a caller is asked to say it again only when it was not applied.
 */
async function answerOnce(options: VoiceWebhookOptions, payload: VoiceWebhookPayload, key: string, activityFor: ActivityFor, leaseLost: () => boolean): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const activity = activityFor({ payload, id: key, serviceUrl: options.publicBaseUrl });
      const turn = await options.adapter.processInbound(activity, options.logic);
      const step = newStep();
      const conversationId = voiceConversationId(payload.CallSid);
      const notes = await options.caseTexts.afterTurn({ conversationId, from: payload.From, locale: turn.locale }, turn.replies);
      const rendered = await options.renderer.render(turn, { callSid: payload.CallSid, step, canText: () => options.reachability.canText(payload.From), notes });
      await options.prompts.save(payload.CallSid, step, rendered.stored);
      // Keyed by the request, not the new step: an answer rendered again is texted once.
      if (rendered.textFollowUp) await options.texts.send({ key: `call:${key}:reply`, to: payload.From, text: rendered.textFollowUp });
      return rendered.twiml;
    } catch (error) {
      if (attempt >= RETRY_PAUSES_MS.length || !isTransientFailure(error) || leaseLost()) throw error;
      await new Promise((r) => setTimeout(r, RETRY_PAUSES_MS[attempt]));
    }
  }
}

/**
 * A database blip (a restart takes about a second) is waited out within the time Twilio waits for an answer,
 * rather than ending the call. Only for work that changes nothing when it fails (look-ups, claims, prompts).
 */
async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= RETRY_PAUSES_MS.length || !isTransientFailure(error)) throw error;
      await new Promise((r) => setTimeout(r, RETRY_PAUSES_MS[attempt]));
    }
  }
}

/** A copy of a webhook waits this long for the first delivery's answer (Twilio allows a voice webhook 15 s). */
const COPY_WAIT_MS = 10_000;

/** Something failed on our side: ask the last question again, or end politely if there was none. */
async function failure(options: VoiceWebhookOptions, payload: VoiceWebhookPayload, asked?: StoredPrompt | null): Promise<string> {
  if (!asked) return options.renderer.goodbye(options.defaultLocale, 'error.unavailable');
  return sayAgain(options, payload.CallSid, asked, options.renderer.speaker(asked.locale).t('voice.turnFailed')).catch(() =>
    options.renderer.goodbye(asked.locale, 'error.unavailable'),
  );
}

async function sayAgain(options: VoiceWebhookOptions, callSid: string, asked: StoredPrompt, sentence: string): Promise<string> {
  const step = newStep();
  await options.prompts.save(callSid, step, asked);
  return options.renderer.again(asked, sentence, step);
}

/** A key that names no option of the menu on offer (free answers take any keys). */
function isWrongKey(digits: string, asked: StoredPrompt): boolean {
  if (!digits) return false;
  if (asked.gather.speechOnly) return true;
  if (asked.gather.options === 0) return false;
  const choice = Number(digits);
  return !/^\d$/.test(digits) || choice < 1 || choice > asked.gather.options;
}

function newStep(): string {
  return randomBytes(6).toString('hex');
}
