import { randomUUID } from 'node:crypto';
import { Twilio } from 'twilio';
import { isDuplicateKey } from '../db/duplicateKey';
import { OpeningHours } from '../hours/OpeningHours';
import { AgentRoster } from './AgentRoster';
import { CallEventKind, CallbackAttempt, CallbackModels, CallbackRequest, Outcome, attemptId } from './callbackModels';
import { CallbackQueue } from './CallbackQueue';
import { CallbackTexts } from './CallbackTexts';

/** Where Twilio reports on a call-back's call (the voice channel serves these webhooks). */
export interface CallbackCallUrls {
  /** Fetched when the resident's phone answers (carries AnsweredBy from answering-machine detection). */
  answer(attemptId: string): string;
  /** Called once the call is over. */
  status(attemptId: string): string;
}

export interface DispatcherSettings {
  callerId: string;
  parallelCalls: number;
  maxAttempts: number;
  retryDelayMs: number;
}

export interface CallbackDispatcherOptions {
  models: CallbackModels;
  queue: CallbackQueue;
  roster: AgentRoster;
  hours: OpeningHours;
  client: Twilio;
  urls: CallbackCallUrls;
  texts: CallbackTexts;
  settings: DispatcherSettings;
  clock?: () => Date;
  log: (message: string, error?: unknown) => void;
}

/** Outcomes that mean the resident was not reached: they count towards the attempts allowed. */
const MISSED: Outcome[] = ['machine', 'no_answer', 'busy', 'failed'];
/** Twilio's final call statuses. */
const FINAL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];
/** A call placed this long ago and still unsettled is checked with Twilio (its status callback may be lost). */
const CHECK_AFTER_MS = 10 * 60_000;
/** A claimed attempt with no call after this long belongs to a process that died before or while calling. */
const UNPLACED_AFTER_MS = 2 * 60_000;
/** How long Twilio lets the resident's phone ring. */
const RING_SECONDS = 30;

/**
 * Places call-backs in queue order while the city is open and agents are free. Every decision that two processes
 * could make at once is a claim by insert: the attempt (`<request>:<n>`, so a request is never called twice at
 * once), a call slot (`slot:<k>`, at most the parallel calls allowed), an agent (`agent:<id>`, one call each).
 */
export class CallbackDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly clock: () => Date;

  constructor(private readonly options: CallbackDispatcherOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Looks for work every intervalMs in this process (others may do the same: the claims keep them apart). */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** Runs a dispatch now unless one is already running in this process (staff just became available, say). */
  kick(): void {
    if (this.running) return;
    this.running = this.tick()
      .catch((error: unknown) => this.options.log('Call-back dispatch failed', error))
      .finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: settles calls whose end was never reported, then places calls for the first in line. Returns calls placed. */
  async tick(): Promise<number> {
    const now = this.clock();
    await this.checkUnsettled(now);
    if (!this.options.hours.isOpen(now)) return 0;
    const agents = await this.options.roster.available();
    if (agents.length === 0) return 0;
    let placed = 0;
    for (const request of await this.options.queue.waiting()) {
      if (request.notBefore > now) continue;
      const result = await this.tryPlace(request, agents);
      if (result === 'no_capacity') break; // first in, first out: nobody behind jumps ahead of a request left waiting
      if (result === 'placed') placed++;
    }
    return placed;
  }

  private async tryPlace(request: CallbackRequest, agents: Array<{ _id: string; phone: string }>): Promise<'placed' | 'refused' | 'taken' | 'no_capacity'> {
    const { models, settings } = this.options;
    const number = request.attemptsMade + 1;
    const id = attemptId(request._id, number);
    const owner = randomUUID();
    const now = this.clock();
    if (!(await this.insert(models.attempts, { _id: id, requestId: request._id, number, agentId: '', agentPhone: '', placedAt: now, owner }))) {
      await this.settleIfAbandoned(id, now);
      return 'taken';
    }
    const slot = await this.claimFirst(
      Array.from({ length: settings.parallelCalls }, (_, k) => `slot:${k}`),
      id,
      owner,
    );
    const agentClaim = slot ? await this.claimFirst(agents.map((a) => `agent:${a._id}`), id, owner) : undefined;
    if (!slot || !agentClaim) {
      if (slot) await models.claims.deleteOne({ _id: slot, attemptId: id });
      await models.attempts.deleteOne({ _id: id, owner });
      return 'no_capacity';
    }
    const agent = agents.find((a) => `agent:${a._id}` === agentClaim)!;
    // Only this run writes the attempt; the request is written before the call so its settling always comes after.
    await models.attempts.updateOne({ _id: id }, { $set: { agentId: agent._id, agentPhone: agent.phone, slotClaim: slot, agentClaim } });
    await models.requests.updateOne({ _id: request._id }, { $set: { state: 'calling', attemptsMade: number, updatedAt: now } });
    try {
      const call = await this.options.client.calls.create({
        to: request.phone,
        from: settings.callerId,
        url: this.options.urls.answer(id),
        method: 'POST',
        statusCallback: this.options.urls.status(id),
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['completed'],
        machineDetection: 'Enable',
        timeout: RING_SECONDS,
      });
      await models.attempts.updateOne({ _id: id }, { $set: { callSid: call.sid } });
    } catch (error) {
      this.options.log(`Call-back ${request._id}: Twilio refused attempt ${number}`, error);
      await this.settle(id, 'failed');
      return 'refused';
    }
    return 'placed';
  }

  /** Something Twilio told us about an attempt's call; repeats of the same news change nothing. */
  async recordEvent(id: string, kind: CallEventKind): Promise<void> {
    await this.insert(this.options.models.events, { _id: `${id}:${kind}`, attemptId: id, kind, at: this.clock() });
    if (kind === 'agent_missed') {
      const attempt = await this.options.models.attempts.findById(id).lean();
      if (attempt?.agentId) await this.options.roster.markAway(attempt.agentId);
    }
  }

  /** The attempt's call is over: decide what it means for the request, once, whoever reports it first. */
  async settle(id: string, callStatus: string): Promise<Outcome | undefined> {
    const { models, settings } = this.options;
    const attempt = await models.attempts.findById(id).lean();
    if (!attempt) return undefined;
    const events = await models.events.find({ _id: { $in: ['answered', 'machine', 'connected', 'agent_missed'].map((k) => `${id}:${k}`) } }).lean();
    const outcome = outcomeOf(new Set(events.map((e) => e.kind)), callStatus);
    const now = this.clock();
    if (!(await this.insert(models.outcomes, { _id: id, outcome, callStatus, at: now }))) return undefined;
    const request = await models.requests.findById(attempt.requestId).lean();
    if (request) {
      const missed = await this.missedAttempts(request, attempt.number);
      const next: Partial<CallbackRequest> =
        outcome === 'connected' || outcome === 'answered'
          ? { state: 'done' }
          : outcome === 'agent_missed'
            ? { state: 'waiting', notBefore: now }
            : missed >= settings.maxAttempts
              ? { state: 'gave_up' }
              : { state: 'waiting', notBefore: new Date(now.getTime() + settings.retryDelayMs) };
      // A claimed attempt that never reached "calling" (its process died) still counts as made.
      const attemptsMade = Math.max(request.attemptsMade, attempt.number);
      await models.requests.updateOne({ _id: request._id }, { $set: { ...next, attemptsMade, updatedAt: now } });
      if (next.state === 'gave_up') {
        await this.options.texts.gaveUp({ ...request, ...next, attemptsMade }).catch((error: unknown) => this.options.log(`Call-back ${request._id}: could not text the resident`, error));
      }
    }
    await this.release(attempt);
    return outcome;
  }

  private async missedAttempts(request: CallbackRequest, settling: number): Promise<number> {
    const ids = Array.from({ length: Math.max(request.attemptsMade, settling) }, (_, i) => attemptId(request._id, i + 1));
    const outcomes = await this.options.models.outcomes.find({ _id: { $in: ids } }).lean();
    return outcomes.filter((o) => MISSED.includes(o.outcome)).length;
  }

  /** Frees the attempt's slot and agent (found by attempt, in case its process died before noting them). */
  private async release(attempt: CallbackAttempt): Promise<void> {
    await this.options.models.claims.deleteMany({ attemptId: attempt._id });
  }

  /** An attempt claimed long ago with no call and no result: its dispatcher died; settle it so the request moves on (or it was a cancellation's). */
  private async settleIfAbandoned(id: string, now: Date): Promise<void> {
    const attempt = await this.options.models.attempts.findById(id).lean();
    // The resident cancelled, and that process died before it could say so on the request: finish it for them.
    if (attempt?.cancelled) return this.options.queue.finishCancelling(attempt.requestId);
    if (!attempt || attempt.callSid || now.getTime() - attempt.placedAt.getTime() < UNPLACED_AFTER_MS) return;
    if (await this.options.models.outcomes.exists({ _id: id })) return;
    await this.settle(id, 'failed');
  }

  /** Calls still "calling" long after they began: ask Twilio how they ended, in case its report never came. */
  private async checkUnsettled(now: Date): Promise<void> {
    const { models } = this.options;
    // Slots and agents held by attempts already settled (a process died between the two writes) are free again.
    for (const claim of await models.claims.find().lean()) {
      if (await models.outcomes.exists({ _id: claim.attemptId })) await models.claims.deleteOne({ _id: claim._id, attemptId: claim.attemptId });
    }
    const calling = await models.requests.find({ state: 'calling' }).lean();
    for (const request of calling) {
      const id = attemptId(request._id, request.attemptsMade);
      const attempt = await models.attempts.findById(id).lean();
      if (!attempt) continue;
      const age = now.getTime() - attempt.placedAt.getTime();
      try {
        if (!attempt.callSid) {
          if (age > UNPLACED_AFTER_MS) await this.settle(id, 'failed');
          continue;
        }
        if (age < CHECK_AFTER_MS) continue;
        const call = await this.options.client.calls(attempt.callSid).fetch();
        if (FINAL_STATUSES.includes(call.status)) await this.settle(id, call.status);
      } catch (error) {
        this.options.log(`Call-back ${request._id}: could not check attempt ${attempt.number}`, error);
      }
    }
  }

  private async claimFirst(ids: string[], attempt: string, owner: string): Promise<string | undefined> {
    for (const id of ids) {
      if (await this.insert(this.options.models.claims, { _id: id, attemptId: attempt, owner, at: this.clock() })) return id;
    }
    return undefined;
  }

  /** An insert that tells whether this caller made it (false: the document already exists). */
  private async insert<T>(model: { create(doc: T): Promise<unknown> }, doc: T): Promise<boolean> {
    try {
      await model.create(doc);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}

/** What an attempt came to, from what was reported during the call and the final call status. */
export function outcomeOf(events: Set<CallEventKind>, callStatus: string): Outcome {
  if (events.has('connected')) return 'connected';
  if (events.has('agent_missed')) return 'agent_missed';
  if (events.has('machine')) return 'machine';
  if (events.has('answered')) return 'answered';
  if (callStatus === 'busy') return 'busy';
  if (callStatus === 'no-answer') return 'no_answer';
  // "completed" with nothing heard from the answer webhook: the resident was not helped.
  return 'failed';
}
