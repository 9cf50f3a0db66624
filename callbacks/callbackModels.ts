import { Connection, Model, Schema } from 'mongoose';

export const CALLBACK_STATES = ['waiting', 'calling', 'done', 'gave_up', 'cancelled'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

/** A time window the resident chose, within opening hours. */
export interface CallbackWindow {
  from: Date;
  to: Date;
}

/**
 * A resident's request to be called back. Its writers take turns by construction: the dialog creates it, the
 * dispatcher that won the claim on the next attempt marks it `calling` (or the resident's cancellation that won
 * it marks it `cancelled`), the one webhook that settles that attempt writes the result. So no two processes ever
 * update it at once (updates are not atomic on FerretDB).
 */
export interface CallbackRequest {
  _id: string;
  /** Whom to call (E.164). */
  phone: string;
  /** The resident's words about what it is about, if any. */
  topic?: string;
  caseNumber?: string;
  locale: string;
  /** The queue's order: first requested, first called. */
  requestedAt: Date;
  /** Absent: as soon as possible. */
  window?: CallbackWindow;
  /** Where the request was made (channel and the resident's address there), for "my reports". */
  channel: string;
  address: string;
  state: CallbackState;
  attemptsMade: number;
  /** Not called before this (a chosen window's start, or the pause after a missed attempt). */
  notBefore: Date;
  updatedAt: Date;
}

/** One call placed for a request. Inserting it (`_id` = request id + attempt number) is the claim to place it. */
export interface CallbackAttempt {
  _id: string;
  requestId: string;
  number: number;
  agentId: string;
  agentPhone: string;
  placedAt: Date;
  /** The dispatcher run that claimed it: only that run writes this document and its claims. */
  owner: string;
  /** The slot and agent claims it holds until it is settled. */
  slotClaim?: string;
  agentClaim?: string;
  /** Set by the dispatcher that placed it, once Twilio accepted the call. */
  callSid?: string;
  /** Not a call: the resident cancelled, and took this attempt's number so that no dispatcher can place it. */
  cancelled?: boolean;
}

/** Something Twilio reported about an attempt's call; insert-only (`_id` = attempt + kind), so repeats are no-ops. */
export const CALL_EVENT_KINDS = ['answered', 'machine', 'connected', 'agent_missed'] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];

export interface CallEvent {
  _id: string;
  attemptId: string;
  kind: CallEventKind;
  at: Date;
}

export const OUTCOMES = ['connected', 'answered', 'machine', 'no_answer', 'busy', 'failed', 'agent_missed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** How an attempt ended; inserted once (`_id` = attempt id), which is also the claim to act on it. */
export interface AttemptOutcome {
  _id: string;
  outcome: Outcome;
  callStatus: string;
  at: Date;
}

/** Busy agents and call slots: `agent:<id>` or `slot:<n>`, held by one attempt until it is settled. */
export interface DispatchClaim {
  _id: string;
  attemptId: string;
  owner: string;
  at: Date;
}

export interface Agent {
  _id: string;
  available: boolean;
  phone?: string;
  updatedAt: Date;
}

export interface CallbackModels {
  requests: Model<CallbackRequest>;
  attempts: Model<CallbackAttempt>;
  events: Model<CallEvent>;
  outcomes: Model<AttemptOutcome>;
  claims: Model<DispatchClaim>;
  agents: Model<Agent>;
}

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema, name);
}

export function callbackModels(connection: Connection): CallbackModels {
  const options = { versionKey: false } as const;
  return {
    requests: model(
      connection,
      'callbackRequests',
      new Schema<CallbackRequest>(
        {
          _id: String,
          phone: { type: String, required: true },
          topic: String,
          caseNumber: String,
          locale: { type: String, required: true },
          requestedAt: { type: Date, required: true },
          window: { type: new Schema({ from: Date, to: Date }, { _id: false }), required: false },
          channel: { type: String, required: true },
          address: { type: String, required: true },
          state: { type: String, enum: CALLBACK_STATES, required: true },
          attemptsMade: { type: Number, required: true },
          notBefore: { type: Date, required: true },
          updatedAt: { type: Date, required: true },
        },
        options,
      ),
    ),
    attempts: model(
      connection,
      'callbackAttempts',
      new Schema<CallbackAttempt>(
        { _id: String, requestId: String, number: Number, agentId: String, agentPhone: String, placedAt: Date, owner: String, slotClaim: String, agentClaim: String, callSid: String, cancelled: Boolean },
        options,
      ),
    ),
    events: model(connection, 'callbackCallEvents', new Schema<CallEvent>({ _id: String, attemptId: String, kind: { type: String, enum: CALL_EVENT_KINDS }, at: Date }, options)),
    outcomes: model(connection, 'callbackOutcomes', new Schema<AttemptOutcome>({ _id: String, outcome: { type: String, enum: OUTCOMES }, callStatus: String, at: Date }, options)),
    claims: model(connection, 'callbackClaims', new Schema<DispatchClaim>({ _id: String, attemptId: String, owner: String, at: Date }, options)),
    agents: model(connection, 'callbackAgents', new Schema<Agent>({ _id: String, available: Boolean, phone: String, updatedAt: Date }, options)),
  };
}

export function attemptId(requestId: string, number: number): string {
  return `${requestId}:${number}`;
}
