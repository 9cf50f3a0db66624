import express, { Request, Response, Router } from 'express';
import { TurnContext } from 'botbuilder';
import { requireTwilioSignature } from '../twilioSignature';
import { carrierKeyword } from './carrierKeywords';
import { OptOutRegistry } from './OptOutRegistry';
import { readSmsPayload, smsToActivity } from './smsActivity';
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
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }),
    requireTwilioSignature(options.authToken, options.publicBaseUrl),
    async (req: Request, res: Response) => {
      const payload = readSmsPayload(req.body);
      if (!payload) {
        res.status(400).type('text/plain').send('Bad request: MessageSid, From and To are required');
        return;
      }
      res.type('text/xml').send(await handle(options, payload));
    },
  );
  return router;
}

async function handle(options: SmsWebhookOptions, payload: ReturnType<typeof readSmsPayload> & object): Promise<string> {
  const sid = payload.MessageSid;
  try {
    const receipt = await options.receipts.claim(sid, payload as Record<string, string>);
    if (receipt.kind === 'answered') return receipt.response || NO_REPLY;
  } catch (error) {
    options.log(`SMS ${sid}: could not record the delivery`, error);
    return repliesToTwiml([{ type: 'message', text: options.unavailableReply() }]);
  }
  try {
    const answer = await answerFor(options, payload);
    await options.receipts.complete(sid, answer);
    return answer;
  } catch (error) {
    options.log(`SMS ${sid}: turn failed`, error);
    await options.receipts.fail(sid).catch(() => undefined);
    return repliesToTwiml([{ type: 'message', text: options.unavailableReply() }]);
  }
}

async function answerFor(options: SmsWebhookOptions, payload: NonNullable<ReturnType<typeof readSmsPayload>>): Promise<string> {
  const optedOut = await options.optOuts.isOptedOut(payload.From);
  const keyword = carrierKeyword(payload.Body, payload.OptOutType, optedOut);
  if (keyword === 'optOut') {
    await options.optOuts.optOut(payload.From);
    return NO_REPLY;
  }
  if (keyword === 'optIn') {
    // Twilio itself confirms the opt-in to the resident; a second confirmation would be noise.
    await options.optOuts.optIn(payload.From);
    return NO_REPLY;
  }
  if (optedOut) return NO_REPLY; // Their message is kept in the receipt; carriers forbid answering it.
  const activity = smsToActivity(payload, options.publicBaseUrl);
  const replies = await options.adapter.processInbound(activity, options.logic);
  return repliesToTwiml(replies);
}
