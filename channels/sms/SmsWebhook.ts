import express, { Request, Response, Router } from 'express';
import { requireTwilioSignature } from '../twilioSignature';
import { SmsDeliveries } from './SmsDeliveries';
import { readSmsPayload } from './smsActivity';

export interface SmsWebhookOptions {
  deliveries: SmsDeliveries;
  authToken: string;
  publicBaseUrl: string;
}

/** POST /twilio/sms: Twilio's Messaging webhook. Answers with the bot's replies as TwiML. */
export function smsWebhookRouter(options: SmsWebhookOptions): Router {
  const router = express.Router();
  router.post(
    '/twilio/sms',
    (_req: Request, res: Response, next: () => void) => {
      // The reply budget counts from arrival: body parsing and the receipt claim use it up too.
      res.locals.arrivedAt = Date.now();
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
      res.type('text/xml').send(await options.deliveries.answer(payload, res.locals.arrivedAt as number));
    },
  );
  return router;
}
