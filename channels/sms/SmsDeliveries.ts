import { Activity, ActivityTypes, Attachment, TurnContext } from 'botbuilder';
import { CommitGate } from '../../bot/CommitGate';
import { LeaseRenewal } from '../../db/LeaseRenewal';
import { isTransientFailure } from '../../db/transientFailure';
import { Outbox } from '../../outbox/Outbox';
import { carrierKeyword } from './carrierKeywords';
import { OptOutRegistry } from './OptOutRegistry';
import { SMS_CHANNEL_ID, SmsWebhookPayload, smsToActivity } from './smsActivity';
import { TwilioSmsAdapter } from './TwilioSmsAdapter';
import { smsText } from './smsText';
import { repliesToTwiml, twimlContents } from './twiml';
import { Receipt, WebhookReceipts } from './WebhookReceipts';

export interface SmsDeliveriesOptions {
  adapter: TwilioSmsAdapter;
  logic: (context: TurnContext) => Promise<void>;
  receipts: WebhookReceipts;
  optOuts: OptOutRegistry;
  /** Replies that miss the webhook's answer are queued here and texted. */
  outbox: Outbox;
  publicBaseUrl: string;
  /** How long a webhook may take from arrival; later replies go by text (Twilio gives a webhook 15 s). */
  replyBudgetMs: number;
  /** How long a turn answered late keeps being retried through an outage before the resident gets an apology. */
  lateLimitMs: number;
  /** Deliveries being answered and late turns still running: shutdown gives them a moment to finish. */
  inFlight: { track(work: Promise<unknown>): void };
  /**
   * Takes the photos of an incoming MMS into CivicLine's store (recorded now, copied after the answer) and returns
   * the attachments the bot should see (pointing at the stored copies).
   */
  photoIntake: (payload: SmsWebhookPayload, attachments: Attachment[]) => Promise<Attachment[]>;
  /** What to answer when the message could not be handled (and was not applied): a polite, translated text. */
  unavailableReply: () => string;
  /** What to answer when the turn ran but its replies could not be put into TwiML: a polite, translated text. */
  turnFailedReply: () => string;
  log: (message: string, error?: unknown) => void;
}

const NO_REPLY = repliesToTwiml([]);

/**
 * A copy of a message waits this much past its own budget for the handler of the first one, which answers at its
 * own deadline and records the answer just after sending it (Twilio allows 15 s in all; the wait is capped at
 * 14.5 s). At 1 s, one resident in 40 of the chaos run's triple deliveries had the answer texted again later,
 * because recording it took longer on a loaded machine.
 */
const COPY_GRACE_MS = 3000;

/** Late deliveries one process runs again at once: recovery after a crash must not bury the live traffic. */
const MAX_RECOVERIES = 4;

/** This handler's lease was taken over (it was too slow to renew it): the new handler answers instead. */
class HandledElsewhere extends Error {}

type Outcome = { kind: 'replies'; replies: Partial<Activity>[] } | { kind: 'failed'; error: unknown } | { kind: 'late' };

/**
 * Handles each delivery of a text exactly once from the resident's side: the answer is the turn's replies (in TwiML,
 * or by text when the turn outlasts the webhook's budget), the recorded answer of an earlier delivery of the same
 * MessageSid, or an honest "please send it again" for a message that was not applied. Never an empty answer with
 * no text to follow.
 */
export class SmsDeliveries {
  private handingOver = false;
  /** MessageSids this process is handling now: recovery leaves them alone, however slow their lease renewal. */
  private readonly active = new Set<string>();
  private recovering = 0;
  private startHandOver!: () => void;
  private readonly handedOver = new Promise<void>((resolve) => (this.startHandOver = resolve));

  constructor(private readonly o: SmsDeliveriesOptions) {}

  /** The TwiML answer to one delivery (several deliveries of one MessageSid are handled once). */
  answer(payload: SmsWebhookPayload, arrivedAt: number): Promise<string> {
    const answering = this.answerOnce(payload, arrivedAt);
    this.o.inFlight.track(answering);
    return answering;
  }

  private async answerOnce(payload: SmsWebhookPayload, arrivedAt: number): Promise<string> {
    const sid = payload.MessageSid;
    const deadline = arrivedAt + this.o.replyBudgetMs;
    let receipt: Receipt | undefined;
    try {
      // A database blip (a restart takes a fraction of a second) is waited out within the budget.
      await retrying(async () => {
        receipt = await this.o.receipts.claim(sid, payload as Record<string, string>, { arrivedAt, deadline: Math.min(deadline + COPY_GRACE_MS, arrivedAt + 14_500) });
      }, deadline);
    } catch (error) {
      // Nothing was recorded, nothing done: asked to send it again, the resident's message is then handled afresh.
      this.o.log(`SMS ${sid}: could not record the delivery`, error);
      return this.unavailable();
    }
    if (!receipt) return this.unavailable();
    if (receipt.kind === 'answered') return receipt.response || NO_REPLY;
    if (receipt.kind === 'busy') {
      // Another handler answers, maybe on a connection Twilio gave up on, maybe dead with its lease still running:
      // recorded as owed by text, so the answer reaches the resident whichever it is (see recoverLate).
      await this.o.receipts.markLate(sid).catch((error: unknown) => this.o.log(`SMS ${sid}: could not record the answer as owed`, error));
      return NO_REPLY;
    }
    this.active.add(sid);
    const lease = this.o.receipts.holdLease(sid, receipt.owner);
    try {
      return await this.answerClaimed(payload, deadline, lease);
    } catch (error) {
      // A fault of ours after the claim: the lease still ends (a renewal forever would keep copies waiting and the
      // database busy) and the resident still gets an answer. Only the error's name is logged: its message may
      // quote what the resident wrote.
      this.o.log(`SMS ${sid}: answering failed (${errorName(error)}); the resident is asked to send it again`);
      return this.failed(sid, lease);
    }
  }

  /** The answer of a delivery this handler holds the lease of. */
  private async answerClaimed(payload: SmsWebhookPayload, deadline: number, lease: LeaseRenewal): Promise<string> {
    const sid = payload.MessageSid;
    const gate = new CommitGate();
    const turn = this.runTurn(payload, gate, deadline + this.o.lateLimitMs, lease);
    const outcome = await this.settleBy(turn, deadline);
    if (outcome.kind === 'replies') {
      const answer = this.twimlOf(sid, outcome.replies);
      // Answer first: if the process dies before the receipt is written, a retry gets this answer from the journal.
      this.o.inFlight.track(this.settle(sid, () => this.o.receipts.complete(sid, answer), lease));
      return answer;
    }
    if (outcome.kind === 'failed') {
      if (outcome.error instanceof HandledElsewhere) {
        this.o.inFlight.track(this.settle(sid, async () => undefined, lease));
        return NO_REPLY;
      }
      this.o.log(`SMS ${sid}: turn failed`, outcome.error);
      if (gate.abandon()) return this.failed(sid, lease);
      // Its state may have been saved just as it failed: it is run again (or replayed), and the answer texted.
    }
    return this.goLate(payload, turn, gate, lease);
  }

  /**
   * Shutdown: every delivery still waiting for its turn answers now and its replies follow by text; turns that fail
   * from here on are left to the next process (see recoverLate) instead of being retried.
   */
  handOver(): void {
    this.handingOver = true;
    this.startHandOver();
  }

  /**
   * Deliveries answered late whose handler died (crash, shutdown) before queueing the replies: run again (the turn
   * journal replays a turn already saved) and their replies queued. Safe to run in every process at once.
   */
  async recoverLate(): Promise<void> {
    for (const sid of await this.o.receipts.lateIds()) {
      if (this.handingOver || this.recovering >= MAX_RECOVERIES) return;
      if (this.active.has(sid)) continue;
      const receipt = await this.o.receipts.get(sid);
      if (!receipt || receipt.state !== 'processing') {
        // Settled with an answer a copy answered empty may not have seen: texted (once, whoever does it).
        if (receipt?.response) await this.queueText(receipt.payload as SmsWebhookPayload, twimlContents(receipt.response));
        await this.o.receipts.clearLate(sid);
        continue;
      }
      if ((receipt.leaseUntil?.getTime() ?? 0) >= Date.now()) continue; // its handler is alive
      const now = Date.now();
      const claim = await this.o.receipts.claim(sid, receipt.payload, { arrivedAt: now, deadline: now });
      if (claim.kind !== 'new' || this.active.has(sid)) continue;
      this.o.log(`SMS ${sid}: replies owed by a stopped process are being sent`);
      this.active.add(sid);
      this.recovering++;
      const payload = receipt.payload as SmsWebhookPayload;
      const gate = new CommitGate();
      const lease = this.o.receipts.holdLease(sid, claim.owner);
      const turn = this.runTurn(payload, gate, now + this.o.lateLimitMs, lease);
      this.o.inFlight.track(this.finishLate(payload, turn, gate, lease).finally(() => this.recovering--));
    }
  }

  /** The turn, run again from the state before it after each I/O failure, until it succeeds or must stop. */
  private async runTurn(payload: SmsWebhookPayload, gate: CommitGate, giveUpAt: number, lease: LeaseRenewal): Promise<Partial<Activity>[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.repliesTo(payload, gate);
      } catch (error) {
        if (lease.lost && gate.abandon()) throw new HandledElsewhere(`SMS ${payload.MessageSid} is handled by another process now`);
        if (gate.abandoned || this.handingOver || !isTransientFailure(error) || Date.now() >= giveUpAt) throw error;
        if (attempt === 0) this.o.log(`SMS ${payload.MessageSid}: turn failed on I/O, trying again from the state before it`, error);
        await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      }
    }
  }

  /** The bot's replies to one text; none for carrier keywords or an opted-out sender. */
  private async repliesTo(payload: SmsWebhookPayload, gate: CommitGate): Promise<Partial<Activity>[]> {
    const optedOut = await this.o.optOuts.isOptedOut(payload.From);
    const keyword = carrierKeyword(payload.Body, payload.OptOutType, optedOut);
    if (keyword === 'optOut') {
      await this.o.optOuts.optOut(payload.From);
      return [];
    }
    if (keyword === 'optIn') {
      // Twilio itself confirms the opt-in to the resident; a second confirmation would be noise.
      await this.o.optOuts.optIn(payload.From);
      return [];
    }
    if (optedOut) return []; // Their message is kept in the receipt; carriers forbid answering it.
    const activity = smsToActivity(payload, this.o.publicBaseUrl);
    activity.attachments = await this.o.photoIntake(payload, activity.attachments ?? []);
    return this.o.adapter.processInbound(activity, this.o.logic, gate);
  }

  /** The turn's outcome if it comes before the deadline (or shutdown), else 'late'; the turn keeps running. */
  private settleBy(turn: Promise<Partial<Activity>[]>, deadline: number): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: 'late' }), Math.max(0, deadline - Date.now()));
      void this.handedOver.then(() => resolve({ kind: 'late' }));
      turn.then(
        (replies) => resolve({ kind: 'replies', replies }),
        (error: unknown) => resolve({ kind: 'failed', error }),
      );
      void turn.catch(() => undefined).finally(() => clearTimeout(timer));
    });
  }

  /** Answers now without replies; they are owed by text from here on, and recorded as owed before answering. */
  private async goLate(payload: SmsWebhookPayload, turn: Promise<Partial<Activity>[]>, gate: CommitGate, lease: LeaseRenewal): Promise<string> {
    const sid = payload.MessageSid;
    try {
      await this.o.receipts.markLate(sid);
    } catch (error) {
      // Surely not recorded (the database was out of reach) and the turn not saved: say so rather than promise a text.
      if (neverReachedDatabase(error) && gate.abandon()) {
        this.o.log(`SMS ${sid}: too slow while the database is out of reach; the resident is asked to send it again`, error);
        return this.failed(sid, lease);
      }
    }
    this.o.inFlight.track(this.finishLate(payload, turn, gate, lease));
    return NO_REPLY;
  }

  private async finishLate(payload: SmsWebhookPayload, turn: Promise<Partial<Activity>[]>, gate: CommitGate, lease: LeaseRenewal): Promise<void> {
    const sid = payload.MessageSid;
    try {
      let replies: Partial<Activity>[];
      try {
        replies = await turn;
      } catch (error) {
        if (error instanceof HandledElsewhere) return;
        // Shutting down, or possibly saved: left for recoverLate, which runs it again from what was saved.
        if (this.handingOver || !gate.abandon()) throw error;
        this.o.log(`SMS ${sid}: late turn failed; the resident is asked by text to send it again`, error);
        replies = [{ type: ActivityTypes.Message, text: this.o.unavailableReply() }];
      }
      await retrying(() => this.queueLateReplies(payload, replies), Date.now() + 5000);
      await this.o.receipts.complete(sid, NO_REPLY);
      await this.o.receipts.clearLate(sid);
    } catch (error) {
      this.o.log(`SMS ${sid}: late replies not queued yet; they will be once the database answers`, error);
    } finally {
      await lease.stop();
      this.active.delete(sid);
    }
  }

  private async queueLateReplies(payload: SmsWebhookPayload, replies: Partial<Activity>[]): Promise<void> {
    const messages = replies.filter((r) => r.type === ActivityTypes.Message);
    const text = messages.map(smsText).filter(Boolean).join('\n\n');
    const media = messages.flatMap((r) => r.attachments ?? []).map((a) => a.contentUrl).filter((u): u is string => Boolean(u));
    await this.queueText(payload, { text, media });
  }

  /** One key per message: whoever queues a message's late answer, and however often, it is texted once. */
  private async queueText(payload: SmsWebhookPayload, { text, media }: { text: string; media: string[] }): Promise<void> {
    if (!text && media.length === 0) return;
    await this.o.outbox.enqueue({ key: `sms:reply:${payload.MessageSid}`, channel: SMS_CHANNEL_ID, to: payload.From, text, media, reason: 'late reply' });
  }

  /** The message was not applied: the resident is told to send it again, and copies delivered meanwhile agree. */
  private failed(sid: string, lease: LeaseRenewal): string {
    const answer = this.unavailable();
    this.o.inFlight.track(this.settle(sid, () => this.o.receipts.fail(sid, answer), lease));
    return answer;
  }

  private async settle(sid: string, record: () => Promise<void>, lease: LeaseRenewal): Promise<void> {
    await lease.stop();
    this.active.delete(sid);
    // Not written (database gone): a retry finds the lease run out and gets the same answer from the journal.
    await record().catch((error: unknown) => this.o.log(`SMS ${sid}: could not record the answer`, error));
  }

  private unavailable(): string {
    return repliesToTwiml([{ type: ActivityTypes.Message, text: this.o.unavailableReply() }]);
  }

  /**
   * The turn's replies as TwiML. Should they not go into TwiML (they are made XML-safe, so this is a bug of ours),
   * the turn stays saved and the resident gets the error sentence instead of a 5xx Twilio would retry into silence.
   */
  private twimlOf(sid: string, replies: Partial<Activity>[]): string {
    try {
      return repliesToTwiml(replies);
    } catch (error) {
      this.o.log(`SMS ${sid}: the replies could not be put into TwiML (${errorName(error)}); the error sentence is sent instead`);
      return repliesToTwiml([{ type: ActivityTypes.Message, text: this.o.turnFailedReply() }]);
    }
  }
}

/** An error's kind without its message, which may quote a resident's words or address. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** The driver gave up before sending anything: the write certainly did not happen. */
function neverReachedDatabase(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name === 'MongoServerSelectionError' || name === 'MongoNotConnectedError' || name === 'MongoTopologyClosedError';
}

async function retrying(work: () => Promise<void>, until: number): Promise<void> {
  for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientFailure(error) || Date.now() + pause > until) throw error;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}
