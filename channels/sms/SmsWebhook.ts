import express, { Request, Response, Router } from 'express';
import { Activity, Attachment, TurnContext } from 'botbuilder';
import { requireTwilioSignature } from '../twilioSignature';
import { carrierKeyword } from './carrierKeywords';
import { OptOutRegistry } from './OptOutRegistry';
import { SmsWebhookPayload, readSmsPayload, smsToActivity } from './smsActivity';
import { TwilioSmsAdapter } from './TwilioSmsAdapter';
import { repliesToTwiml } from './twiml';
import { WebhookReceipts } from './WebhookReceipts';

export interface SmsWebhookOptions {
  adapter: TwilioSmsAdapter;
  logic: (context: TurnContext) => Promise<void>;
  receipts: WebhookReceipts;
  optOuts: OptOutRegistry;
  authToken: string;
  publicBaseUrl: string;
  /** How long a webhook may take from arrival; later replies go out by REST (Twilio gives a webhook 15 s). */
  replyBudgetMs: number;
  /** Late turns still texting their replies: shutdown waits for them before closing the database. */
  lateTurns: { track(work: Promise<unknown>): void };
  /**
   * Takes the photos of an incoming MMS into CivicLine's store (recorded now, copied after the answer) and returns
   * the attachments the bot should see (pointing at the stored copies).
   */
  photoIntake: (payload: SmsWebhookPayload, attachments: Attachment[]) => Promise<Attachment[]>;
  /** What to answer when the turn could not run at all (database down): a polite, translated text. */
  unavailableReply: () => string;
  log: (message: string, error?: unknown) => void;
}

const NO_REPLY = repliesToTwiml([]);

/** POST /twilio/sms: Twilio's Messaging webhook. Answers with the bot's replies as TwiML. */
export function smsWebhookRouter(options: SmsWebhookOptions): Router {
  const router = express.Router();
  router.post(
    '/twilio/sms',
    (_req: Request, res: Response, next: () => void) => {
      // The budget counts from arrival: body parsing and the receipt claim use it up too.
      res.locals.deadline = Date.now() + options.replyBudgetMs;
      next();
    },
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }),
    requireTwilioSignature(options.authToken, options.publicBaseUrl),
    async (req: Request, res: Response) => {
      const payload = readSmsPayload(req.body);
      if (!payload) {
        res.status(400).type('text/plain').send('Bad request: MessageSid, From and To are required');
        return;
      }
      res.type('text/xml').send(await handle(options, payload, res.locals.deadline as number));
    },
  );
  return router;
}

async function handle(options: SmsWebhookOptions, payload: SmsWebhookPayload, deadline: number): Promise<string> {
  const sid = payload.MessageSid;
  try {
    const receipt = await options.receipts.claim(sid, payload as Record<string, string>);
    if (receipt.kind === 'answered') return receipt.response || NO_REPLY;
  } catch (error) {
    options.log(`SMS ${sid}: could not record the delivery`, error);
    return repliesToTwiml([{ type: 'message', text: options.unavailableReply() }]);
  }
  const turn = answerFor(options, payload);
  let onTime: { replies: Partial<Activity>[] } | null;
  try {
    onTime = await withinBudget(turn, deadline - Date.now());
  } catch (error) {
    options.log(`SMS ${sid}: turn failed`, error);
    await options.receipts.fail(sid).catch(() => undefined);
    return repliesToTwiml([{ type: 'message', text: options.unavailableReply() }]);
  }
  if (onTime) {
    const answer = repliesToTwiml(onTime.replies);
    // The turn's work (a filed case) is done: failing to record the answer must not hide it from the resident.
    await options.receipts.complete(sid, answer).catch((error: unknown) => options.log(`SMS ${sid}: could not record the answer`, error));
    return answer;
  }
  // Too slow for Twilio's webhook timeout: answer now and text the replies when the turn is done.
  const late = turn.then(
    async (replies) => {
      await options.adapter.deliver(payload.From, replies);
      await options.receipts.complete(sid, NO_REPLY);
    },
    async (error: unknown) => {
      options.log(`SMS ${sid}: late turn failed`, error);
      await options.receipts.fail(sid).catch(() => undefined);
      await options.adapter.deliver(payload.From, [{ type: 'message', text: options.unavailableReply() }]);
    },
  );
  options.lateTurns.track(late.catch((error: unknown) => options.log(`SMS ${sid}: could not deliver late replies`, error)));
  return NO_REPLY;
}

/** The turn's replies if it ends within the budget, otherwise null (the turn keeps running). */
async function withinBudget(turn: Promise<Partial<Activity>[]>, budgetMs: number): Promise<{ replies: Partial<Activity>[] } | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, budgetMs));
  });
  try {
    return await Promise.race([turn.then((replies) => ({ replies })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The bot's replies to one text; none for carrier keywords or an opted-out sender. */
async function answerFor(options: SmsWebhookOptions, payload: SmsWebhookPayload): Promise<Partial<Activity>[]> {
  const optedOut = await options.optOuts.isOptedOut(payload.From);
  const keyword = carrierKeyword(payload.Body, payload.OptOutType, optedOut);
  if (keyword === 'optOut') {
    await options.optOuts.optOut(payload.From);
    return [];
  }
  if (keyword === 'optIn') {
    // Twilio itself confirms the opt-in to the resident; a second confirmation would be noise.
    await options.optOuts.optIn(payload.From);
    return [];
  }
  if (optedOut) return []; // Their message is kept in the receipt; carriers forbid answering it.
  const activity = smsToActivity(payload, options.publicBaseUrl);
  activity.attachments = await options.photoIntake(payload, activity.attachments ?? []);
  return options.adapter.processInbound(activity, options.logic);
}
