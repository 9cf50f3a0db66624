import { randomUUID } from 'node:crypto';
import { Activity, ActivityTypes } from 'botbuilder';
import { Outbox } from '../../outbox/Outbox';
import { SMS_CHANNEL_ID } from '../sms/smsActivity';
import { smsText } from '../sms/smsText';
import { OutgoingText, TextOutcome, TextSender } from './TextSender';

/**
 * Texts outside a conversation turn (call-back confirmations, "we tried to reach you", a case number after a
 * call) go through the outbox: sent once per key, retried through Twilio's failures and restarts, never to a
 * number that texted STOP.
 */
export class OutboxTextSender implements TextSender {
  constructor(private readonly outbox: Outbox) {}

  async send({ key, to, text }: OutgoingText): Promise<TextOutcome> {
    return this.outbox.enqueue({ key, channel: SMS_CHANNEL_ID, to, text: smsText({ text }), reason: 'text' });
  }

  /** A turn's replies, texted (a call cannot be spoken into later). */
  async sendReplies(to: string, replies: Partial<Activity>[]): Promise<void> {
    const text = replies
      .filter((r) => r.type === ActivityTypes.Message)
      .map(smsText)
      .filter(Boolean)
      .join('\n\n');
    if (text) await this.outbox.enqueue({ key: `sms:replies:${randomUUID()}`, channel: SMS_CHANNEL_ID, to, text, reason: 'replies to a caller' });
  }
}
