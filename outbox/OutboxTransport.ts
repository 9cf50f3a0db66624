import { ConversationReference } from 'botbuilder';

/** A message for the outbox: everything a resident is sent outside the answer to their own message. */
export interface OutgoingMessage {
  /**
   * The idempotency key: the same key is sent once, however often it is enqueued (e.g. `sms:reply:<MessageSid>`,
   * `case:<number>:status:<historyIndex>:<channel>:<address>`).
   */
  key: string;
  /** Which registered transport sends it: 'sms', 'directline'... */
  channel: string;
  /** The address on that channel: a phone number for SMS. */
  to: string;
  text: string;
  /** Public URLs of pictures to send with it. */
  media?: string[];
  /** Why it is sent, for operators: 'late reply', 'status change'... */
  reason: string;
  /** The conversation reference, for channels that address a conversation rather than a number. */
  reference?: Partial<ConversationReference>;
}

/** One piece as the channel sends it (an SMS body of at most 1,600 characters, with its pictures). */
export interface OutgoingPart {
  text: string;
  media: string[];
}

export interface Delivery {
  key: string;
  to: string;
  reference?: Partial<ConversationReference>;
  part: OutgoingPart;
}

/** How one channel sends what the outbox holds. Registered per channel in the composition root. */
export interface OutboxTransport {
  /** The parts a message goes out as; one part when left out. */
  split?(message: OutgoingMessage): OutgoingPart[];
  /** Sends one part and resolves to the provider's id for it. Any error but PermanentSendError is tried again later. */
  send(delivery: Delivery): Promise<string | undefined>;
  /** True when the address asked not to be contacted (SMS STOP): nothing is queued or sent to it. */
  isOptedOut?(to: string): Promise<boolean>;
}

export type PermanentOutcome = 'opted_out' | 'rejected';

/** The provider refused the message for good (opted-out or invalid number): trying again cannot help. */
export class PermanentSendError extends Error {
  constructor(
    readonly outcome: PermanentOutcome,
    message: string,
  ) {
    super(message);
  }
}
