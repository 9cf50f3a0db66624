/** One text message to a resident, outside any conversation turn (confirmations, "we tried to reach you"). */
export interface OutgoingText {
  /** Idempotency key: a text with a key already used is not sent again. */
  key: string;
  /** E.164 number. */
  to: string;
  text: string;
}

/**
 * `queued`: handed to the carrier; `duplicate`: a text with this key was already sent; `opted_out`: the number
 * texted STOP; `failed`: not sent (the sender logs why).
 */
export type TextOutcome = 'queued' | 'duplicate' | 'opted_out' | 'failed';

/**
 * Where texts outside a conversation turn go. The durable outbox (retries, restarts) implements this same
 * interface (OutboxTextSender).
 */
export interface TextSender {
  send(text: OutgoingText): Promise<TextOutcome>;
}

/** The resident has or will get the text. */
export function wasSent(outcome: TextOutcome): boolean {
  return outcome === 'queued' || outcome === 'duplicate';
}
