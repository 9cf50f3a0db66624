import { TurnContext } from 'botbuilder';
import { Connection } from 'mongoose';
import { OptOutRegistry } from '../channels/sms/OptOutRegistry';
import { SmsDeliveries } from '../channels/sms/SmsDeliveries';
import { smsWebhookRouter } from '../channels/sms/SmsWebhook';
import { TwilioSmsAdapter } from '../channels/sms/TwilioSmsAdapter';
import { WebhookReceipts } from '../channels/sms/WebhookReceipts';
import { Config } from '../config/config';
import { Outbox } from '../outbox/Outbox';
import { DatabaseLock } from '../storage/DatabaseLock';
import { Photos } from './buildPhotos';
import { InFlightWork } from './InFlightWork';
import { Logger } from './Logger';

/** A turn answered late keeps being retried through an outage this long before the resident gets an apology. */
const LATE_TURN_LIMIT_MS = 2 * 60_000;

export interface SmsParts {
  config: Config;
  connection: Connection;
  lock: DatabaseLock;
  outbox: Outbox;
  optOuts: OptOutRegistry;
  photos: Photos;
  logger: Logger;
  logic: (context: TurnContext) => Promise<void>;
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
  unavailableReply: () => string;
  turnFailedReply: () => string;
}

/**
 * Part of the composition root: Twilio Messaging. Each delivery of a text is answered once (in TwiML, or by text
 * through the outbox when the turn is slow), MMS photos are taken into CivicLine's store.
 */
export function buildSms(parts: SmsParts) {
  const { config, connection, photos, logger } = parts;
  const adapter = new TwilioSmsAdapter({ outbox: parts.outbox, lock: parts.lock });
  adapter.onTurnError = parts.onTurnError;
  const receipts = new WebhookReceipts(connection, 'smsReceipts');
  const inFlight = new InFlightWork();
  const deliveries = new SmsDeliveries({
    adapter,
    logic: parts.logic,
    receipts,
    optOuts: parts.optOuts,
    outbox: parts.outbox,
    publicBaseUrl: config.publicBaseUrl,
    replyBudgetMs: config.smsReplyBudgetMs,
    lateLimitMs: LATE_TURN_LIMIT_MS,
    inFlight,
    photoIntake: async (payload, attachments) => {
      const kept = await photos.mms.intake(payload.MessageSid, payload.From, attachments);
      if (kept.some((a, i) => a !== attachments[i])) photos.copySoon(); // copied after the answer, not before
      return kept;
    },
    unavailableReply: parts.unavailableReply,
    turnFailedReply: parts.turnFailedReply,
    log: (message, error) => logger.error(message, error),
  });
  const router = smsWebhookRouter({ deliveries, authToken: config.twilio.authToken, publicBaseUrl: config.publicBaseUrl });
  return { adapter, receipts, deliveries, inFlight, router };
}
