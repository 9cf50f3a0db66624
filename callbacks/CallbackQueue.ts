import { isDuplicateKey } from '../db/duplicateKey';
import { OpeningHours } from '../hours/OpeningHours';
import { AttemptOutcome, CallEvent, CallbackModels, CallbackRequest, CallbackWindow, attemptId } from './callbackModels';

export interface NewCallbackRequest {
  /** Chosen by the caller (the dialog), so a turn that runs twice still makes one request. */
  id: string;
  phone: string;
  topic?: string;
  caseNumber?: string;
  locale: string;
  window?: CallbackWindow;
  channel: string;
  address: string;
}

/** Where a request stands in line and when the call should come. */
export interface QueuePlace {
  /** 1 = next to be called. */
  position: number;
  /** The estimated time of the call. */
  expectedAt: Date;
  /** True when the city is closed until expectedAt's opening. */
  afterOpening: boolean;
  /** True when the call should come right at the opening (nobody ahead takes a lane first). */
  atOpening: boolean;
  /** False while no staff member says they are available: no honest estimate can be given. */
  staffAvailable: boolean;
}

export interface QueueSettings {
  parallelCalls: number;
  minutesPerCall: number;
}

/** What staff see of one request (GET /api/staff/callbacks). */
export interface StaffCallbackView
  extends Pick<CallbackRequest, 'state' | 'phone' | 'topic' | 'caseNumber' | 'locale' | 'requestedAt' | 'window' | 'channel' | 'notBefore'> {
  id: string;
  position?: number;
  attempts: Array<{
    number: number;
    placedAt: Date;
    agentId: string;
    callSid?: string;
    events: Array<{ kind: CallEvent['kind']; at: Date }>;
    outcome?: AttemptOutcome['outcome'];
    callStatus?: string;
  }>;
}

/** What became of a resident's "cancel my call-back". */
export type CancelOutcome = 'cancelled' | 'calling' | 'finished';

const ACTIVE: CallbackRequest['state'][] = ['waiting', 'calling'];
/** A dispatcher that claimed the attempt first marks the request `calling` within moments. */
const CANCEL_TRIES = 3;
const CANCEL_PAUSE_MS = 150;
const FINISHED: CallbackRequest['state'][] = ['done', 'gave_up', 'cancelled'];

/**
 * The call-back queue: first requested, first called, whatever the channel the request came from. Lives in the
 * database only, so it survives restarts and every process sees the same line.
 */
export class CallbackQueue {
  constructor(
    private readonly models: CallbackModels,
    private readonly hours: OpeningHours,
    private readonly settings: QueueSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async add(request: NewCallbackRequest): Promise<CallbackRequest> {
    const now = this.clock();
    const { id, ...fields } = request;
    try {
      const created = await this.models.requests.create({
        _id: id,
        ...fields,
        requestedAt: now,
        state: 'waiting',
        attemptsMade: 0,
        notBefore: request.window?.from ?? now,
        updatedAt: now,
      });
      return created.toObject();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.models.requests.findById(id).lean();
      if (!existing) throw error;
      return existing;
    }
  }

  /** Requests still waiting or being called, to be called at `phone` or made from `address`, oldest first. */
  async activeFor(phoneOrAddress: string): Promise<CallbackRequest[]> {
    // Two plain filters rather than $or: the subset FerretDB and MongoDB share.
    const [byPhone, byAddress] = await Promise.all([
      this.models.requests.find({ phone: phoneOrAddress, state: { $in: ACTIVE } }).lean(),
      this.models.requests.find({ address: phoneOrAddress, state: { $in: ACTIVE } }).lean(),
    ]);
    const unique = new Map([...byPhone, ...byAddress].map((r) => [r._id, r]));
    return [...unique.values()].sort(inQueueOrder);
  }

  /** Everything a resident asked for from this address or to this number, newest first (for "my reports"). */
  async recentFor(phoneOrAddress: string, limit = 3): Promise<CallbackRequest[]> {
    const [byPhone, byAddress] = await Promise.all([
      this.models.requests.find({ phone: phoneOrAddress }).sort({ requestedAt: -1 }).limit(limit).lean(),
      this.models.requests.find({ address: phoneOrAddress }).sort({ requestedAt: -1 }).limit(limit).lean(),
    ]);
    const unique = new Map([...byPhone, ...byAddress].map((r) => [r._id, r]));
    return [...unique.values()].sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime()).slice(0, limit);
  }

  /** The waiting line, in the order calls are placed. */
  async waiting(): Promise<CallbackRequest[]> {
    return (await this.models.requests.find({ state: 'waiting' }).lean()).sort(inQueueOrder);
  }

  /**
   * Position and expected time: those ahead are the requests waiting that were made earlier and may be called
   * no later than this one; they share the lanes (agents available, at most the parallel calls allowed).
   */
  async placeOf(request: CallbackRequest): Promise<QueuePlace> {
    const now = this.clock();
    const line = await this.waiting();
    const ahead = line.filter((r) => r._id !== request._id && inQueueOrder(r, request) < 0 && r.notBefore <= request.notBefore).length;
    const agents = await this.models.agents.countDocuments({ available: true });
    const lanes = Math.max(1, Math.min(this.settings.parallelCalls, agents));
    const earliest = new Date(Math.max(now.getTime(), request.notBefore.getTime()));
    const opening = this.hours.nextOpening(earliest) ?? earliest;
    const expectedAt = new Date(opening.getTime() + Math.floor(ahead / lanes) * this.settings.minutesPerCall * 60_000);
    return {
      position: ahead + 1,
      expectedAt,
      afterOpening: opening.getTime() > now.getTime() && !this.hours.isOpen(now),
      atOpening: ahead < lanes,
      staffAvailable: agents > 0,
    };
  }

  /**
   * Takes a waiting request out of the line. It claims the request's next attempt by inserting it, as a dispatcher
   * does before it dials: whichever comes first wins, so a cancelled request is never called, and a call already
   * being placed is not cancelled in words only. If this process dies after the claim, the dispatcher finishes it.
   */
  async cancel(request: Pick<CallbackRequest, '_id'>): Promise<CancelOutcome> {
    for (let tries = 0; tries < CANCEL_TRIES; tries++) {
      const current = await this.models.requests.findById(request._id).lean();
      if (!current || current.state === 'done' || current.state === 'gave_up') return 'finished';
      if (current.state === 'cancelled') return 'cancelled';
      if (current.state === 'calling') return 'calling';
      const number = current.attemptsMade + 1;
      const id = attemptId(current._id, number);
      try {
        await this.models.attempts.create({ _id: id, requestId: current._id, number, agentId: '', agentPhone: '', placedAt: this.clock(), owner: 'cancelled', cancelled: true });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Taken: by a copy of this cancellation (finish it), or by a dispatcher about to mark the request `calling`.
        if (!(await this.models.attempts.findById(id).lean())?.cancelled) {
          await new Promise((resolve) => setTimeout(resolve, CANCEL_PAUSE_MS));
          continue;
        }
      }
      await this.finishCancelling(current._id);
      return 'cancelled';
    }
    return 'calling';
  }

  /** The second write of a cancellation (its attempt number is claimed, so no one else writes the request now). */
  async finishCancelling(requestId: string): Promise<void> {
    await this.models.requests.updateOne({ _id: requestId, state: 'waiting' }, { $set: { state: 'cancelled', updatedAt: this.clock() } });
  }

  async find(id: string): Promise<CallbackRequest | null> {
    return this.models.requests.findById(id).lean();
  }

  /** The line and the last finished requests, each with its attempts and what Twilio reported of them. */
  async staffView(finishedLimit = 50): Promise<StaffCallbackView[]> {
    const [active, finished] = await Promise.all([
      this.models.requests.find({ state: { $in: ACTIVE } }).lean(),
      this.models.requests.find({ state: { $in: FINISHED } }).sort({ updatedAt: -1 }).limit(finishedLimit).lean(),
    ]);
    const requests = [...active.sort(inQueueOrder), ...finished];
    const claimed = requests.length === 0 ? [] : await this.models.attempts.find({ requestId: { $in: requests.map((r) => r._id) } }).lean();
    const attempts = claimed.filter((a) => !a.cancelled); // a cancellation's claim is not a call
    const attemptIds = attempts.map((a) => a._id);
    const [outcomes, events] = await Promise.all([
      attemptIds.length === 0 ? [] : this.models.outcomes.find({ _id: { $in: attemptIds } }).lean(),
      attemptIds.length === 0 ? [] : this.models.events.find({ attemptId: { $in: attemptIds } }).lean(),
    ]);
    let position = 0;
    return requests.map((r) => ({
      id: r._id,
      state: r.state,
      ...(r.state === 'waiting' ? { position: ++position } : {}),
      phone: r.phone,
      topic: r.topic,
      caseNumber: r.caseNumber,
      locale: r.locale,
      requestedAt: r.requestedAt,
      window: r.window ? { from: r.window.from, to: r.window.to } : undefined,
      channel: r.channel,
      notBefore: r.notBefore,
      attempts: attempts
        .filter((a) => a.requestId === r._id)
        .sort((a, b) => a.number - b.number)
        .map((a) => {
          const outcome = outcomes.find((o) => o._id === a._id);
          return {
            number: a.number,
            placedAt: a.placedAt,
            agentId: a.agentId,
            callSid: a.callSid,
            events: events
              .filter((e) => e.attemptId === a._id)
              .sort((x, y) => x.at.getTime() - y.at.getTime())
              .map((e) => ({ kind: e.kind, at: e.at })),
            outcome: outcome?.outcome,
            callStatus: outcome?.callStatus,
          };
        }),
    }));
  }
}

/** First requested, first called; the id breaks ties so every process sees one order. */
export function inQueueOrder(a: CallbackRequest, b: CallbackRequest): number {
  return a.requestedAt.getTime() - b.requestedAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}
