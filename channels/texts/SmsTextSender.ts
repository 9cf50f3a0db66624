import { ActivityTypes } from 'botbuilder';
import { InsertClaims } from '../../db/InsertClaims';
import { OptOutRegistry } from '../sms/OptOutRegistry';
import { OutgoingText, TextOutcome, TextSender } from './TextSender';

export interface SmsTextSenderOptions {
  /** Texts the city's number sends: the SMS adapter's REST path (opt-outs and Twilio's 21610 handled there). */
  deliver: (to: string, replies: Array<{ type: string; text: string }>) => Promise<void>;
  optOuts: OptOutRegistry;
  /** One claim per idempotency key, shared by every process. */
  keys: InsertClaims;
  log: (message: string, error?: unknown) => void;
}

/** Sends each keyed text once, right away, through the SMS adapter (no retry yet: the outbox will add that). */
export class SmsTextSender implements TextSender {
  constructor(private readonly options: SmsTextSenderOptions) {}

  async send({ key, to, text }: OutgoingText): Promise<TextOutcome> {
    if (await this.options.optOuts.isOptedOut(to)) return 'opted_out';
    if (!(await this.options.keys.tryClaim(key))) return 'duplicate';
    try {
      await this.options.deliver(to, [{ type: ActivityTypes.Message, text }]);
      return 'queued';
    } catch (error) {
      // Free the key so a later attempt may send it: better twice than never for a confirmation.
      await this.options.keys.release(key).catch(() => undefined);
      this.options.log(`Text ${key} could not be sent`, error);
      return 'failed';
    }
  }
}
