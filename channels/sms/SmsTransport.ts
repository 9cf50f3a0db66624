import { Twilio } from 'twilio';
import { Delivery, OutboxTransport, OutgoingMessage, OutgoingPart, PermanentSendError } from '../../outbox/OutboxTransport';
import { OptOutRegistry } from './OptOutRegistry';
import { packMessages } from './twiml';

/** Twilio's error for a message to a number that texted STOP. */
const OPTED_OUT_ERROR = 21610;

export interface SmsTransportOptions {
  client: Twilio;
  /** The city's number: the sender of every text. */
  fromNumber: string;
  optOuts: OptOutRegistry;
}

/** The outbox's SMS channel: Twilio's Messages API through the real SDK. */
export class SmsTransport implements OutboxTransport {
  constructor(private readonly options: SmsTransportOptions) {}

  /** Bodies of at most 1,600 characters, split at line or sentence breaks; pictures ride with the last one. */
  split(message: OutgoingMessage): OutgoingPart[] {
    const media = message.media ?? [];
    const bodies = packMessages(message.text.trim() ? [message.text] : []);
    // A picture alone still needs one message, with an empty body, to carry it.
    if (bodies.length === 0) bodies.push('');
    return bodies.map((text, i) => ({ text, media: i === bodies.length - 1 ? media : [] }));
  }

  isOptedOut(to: string): Promise<boolean> {
    return this.options.optOuts.isOptedOut(to);
  }

  async send({ to, part }: Delivery): Promise<string> {
    try {
      const message = await this.options.client.messages.create({
        to,
        from: this.options.fromNumber,
        body: part.text,
        ...(part.media.length > 0 ? { mediaUrl: part.media } : {}),
      });
      return message.sid;
    } catch (error) {
      const { code, status } = error as { code?: number; status?: number };
      if (code === OPTED_OUT_ERROR) {
        await this.options.optOuts.optOut(to);
        throw new PermanentSendError('opted_out', `Twilio ${OPTED_OUT_ERROR}: the number opted out`);
      }
      // A 400 is about the message itself (an invalid number, say). 401/403/404 mean our configuration is wrong and
      // 429/5xx that Twilio is busy: those are kept and retried, so nothing is lost while an operator fixes it.
      if (status === 400) {
        throw new PermanentSendError('rejected', `Twilio ${status}${code ? ` (${code})` : ''}: ${(error as Error).message}`);
      }
      throw error;
    }
  }
}
