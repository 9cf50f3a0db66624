import { ConversationReference } from 'botbuilder';

/** One notice for one subscriber of a case, already in their language, ready to send now or to hold. */
export interface SubscriberNotice {
  /** Idempotency key: the notice goes out once however often it is handed over (a retry, a sweep). */
  key: string;
  channel: string;
  to: string;
  reference?: Partial<ConversationReference>;
  locale: string;
  /** The whole message when it goes out on its own. */
  text: string;
  /** For operators: 'status change', 'public note'... */
  reason: string;
  caseNumber: string;
  /** "Case 48219375 (Pothole at 45 Elm St)": how a combined morning text names the case. */
  heading: string;
  /** What this notice adds, in a few words ("now Work in progress", "Closed: fixed"), for a combined text. */
  step: string;
  /** Urgent cases (severity 1) are texted even in quiet hours. */
  urgent: boolean;
  /** Set on a closure: the satisfaction question, asked in the same message, and remembered as asked once it goes. */
  survey?: string;
}

/** What became of one notice: queued in the outbox, held for the morning, or not sent at all. */
export type DeliveryResult = 'queued' | 'duplicate' | 'opted_out' | 'held';
