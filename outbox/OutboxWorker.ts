import { Connection } from 'mongoose';
import { InsertClaims } from '../db/InsertClaims';
import { Outbox, PendingMessage } from './Outbox';
import { PermanentSendError } from './OutboxTransport';

export interface OutboxWorkerOptions {
  /** How often the queue is looked at for due messages (retries, other processes' messages, after a restart). */
  pollMs?: number;
  /** A send taking longer than this counts as failed (the transport's own timeout should be shorter). */
  sendTimeoutMs?: number;
  /** An attempt not finished within this is taken to belong to a crashed process and is started again. */
  attemptLeaseMs?: number;
  /** Back-off after a failed attempt: first delay, doubled each time, up to the cap. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** A message still failing this long after it was queued is given up (logged as failed). */
  giveUpAfterMs?: number;
  /** Sends at once from this process. */
  concurrency?: number;
  log: (message: string, error?: unknown) => void;
}

/**
 * Sends what the outbox holds, in every server process at once: each attempt is claimed by inserting
 * `[key, attempt]` (the only atomic step on FerretDB), so one process sends it; a crashed sender's attempt is
 * started again once its lease runs out. Failures are retried with back-off; nothing here touches dialog state.
 */
export class OutboxWorker {
  private readonly claims: InsertClaims;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private pollAgain = false;
  private stopped = true;
  private readonly o: Required<Omit<OutboxWorkerOptions, 'log'>> & Pick<OutboxWorkerOptions, 'log'>;

  constructor(
    private readonly outbox: Outbox,
    connection: Connection,
    options: OutboxWorkerOptions,
  ) {
    const sendTimeoutMs = options.sendTimeoutMs ?? 10000;
    this.o = {
      pollMs: 1000,
      attemptLeaseMs: sendTimeoutMs + 5000,
      firstRetryMs: 1000,
      maxRetryMs: 5 * 60_000,
      giveUpAfterMs: 24 * 60 * 60_000,
      concurrency: 4,
      ...options,
      sendTimeoutMs,
    };
    this.claims = new InsertClaims(connection, 'outboxClaims');
    outbox.whenQueued(() => this.kick());
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks at the queue now (after an enqueue: the message goes out without waiting for the next poll). */
  kick(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    void this.poll()
      .catch((error: unknown) => this.o.log('Outbox: could not read the queue', error))
      .finally(() => {
        this.polling = false;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.kick();
        }
      });
  }

  /**
   * Stops taking work and waits (up to graceMs) for sends under way. Those still waiting on the provider then are
   * handed back: due at once for the next process instead of after their lease (if the provider did accept one in
   * the end, it goes out twice: the same window as a crash).
   */
  async stop(graceMs: number): Promise<boolean> {
    this.stopped = true;
    clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const done = Promise.all(this.inFlight.values()).then(() => true);
    const finished = await Promise.race([done, timeout]);
    clearTimeout(timer);
    if (!finished) {
      const now = new Date();
      await Promise.all([...this.inFlight.keys()].map((key) => this.outbox.retryLater(key, now, 'interrupted by shutdown').catch(() => undefined)));
    }
    return finished;
  }

  /** Retention: claims of attempts long settled. */
  deleteClaimsBefore(cutoff: Date): Promise<number> {
    return this.claims.deleteBefore(cutoff);
  }

  get sending(): number {
    return this.inFlight.size;
  }

  private async poll(): Promise<void> {
    const free = this.o.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const due = await this.outbox.due(new Date(), free + this.inFlight.size);
    for (const message of due) {
      if (this.stopped || this.inFlight.size >= this.o.concurrency) break;
      if (this.inFlight.has(message._id)) continue;
      const work = this.attempt(message)
        .catch((error: unknown) => this.o.log(`Outbox: attempt at ${message._id} failed`, error))
        .finally(() => {
          this.inFlight.delete(message._id);
          // A slot freed: more may be due (or this one's retry, if it is due at once).
          if (!this.stopped) this.kick();
        });
      this.inFlight.set(message._id, work);
    }
  }

  private async attempt(seen: PendingMessage): Promise<void> {
    const key = seen._id;
    if (!(await this.claims.tryClaimLeased(JSON.stringify([key, seen.attempts]), this.o.attemptLeaseMs))) return;
    const message = await this.outbox.get(key);
    if (!message || message.attempts !== seen.attempts) return; // someone moved on meanwhile
    const attempts = message.attempts + 1;
    await this.outbox.startAttempt(key, attempts, new Date(Date.now() + this.o.attemptLeaseMs));
    if (await this.outbox.isFinished(key)) {
      await this.outbox.drop(key);
      return;
    }
    const transport = this.outbox.transportFor(message.channel);
    try {
      if (await transport.isOptedOut?.(message.to)) {
        await this.outbox.finish(message, 'opted_out');
        return;
      }
      const providerIds = [...message.providerIds];
      const leaseEnds = Date.now() + this.o.attemptLeaseMs;
      for (let part = message.partsSent; part < message.parts.length; part++) {
        const id = await withTimeout(
          transport.send({ key, to: message.to, reference: message.reference, part: message.parts[part] }),
          this.o.sendTimeoutMs + 1000,
        );
        providerIds.push(id ?? '');
        // Sent: from here on, only failing to record it could send it again, so recording is retried through a
        // database blip for as long as the attempt's lease keeps others off this message.
        const sent = { ...message, attempts, partsSent: part + 1, providerIds };
        if (part < message.parts.length - 1) await persist(() => this.outbox.partSent(key, part + 1, providerIds), leaseEnds);
        else await persist(() => this.outbox.finish(sent, 'sent'), leaseEnds);
      }
    } catch (error) {
      await this.failed({ ...message, attempts }, error);
    }
  }

  private async failed(message: PendingMessage, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof RecordingError) {
      // The database is gone; the attempt's lease runs out and it is tried again (the one window for a duplicate).
      this.o.log(`Outbox: ${message._id} ${reason}`);
      return;
    }
    if (error instanceof PermanentSendError) {
      await this.outbox.finish(message, error.outcome, reason);
      return;
    }
    if (Date.now() - message.createdAt.getTime() > this.o.giveUpAfterMs) {
      this.o.log(`Outbox: gave up on ${message._id} (${message.reason}) after ${message.attempts} attempts: ${reason}`);
      await this.outbox.finish(message, 'failed', reason);
      return;
    }
    const delay = Math.min(this.o.maxRetryMs, this.o.firstRetryMs * 2 ** Math.min(20, message.attempts - 1));
    await this.outbox.retryLater(message._id, new Date(Date.now() + delay), reason);
  }
}

class SendTimeoutError extends Error {}

/** Retries a write until it lands or the time is up (then the last error is thrown). */
async function persist(write: () => Promise<void>, until: number): Promise<void> {
  for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
    try {
      await write();
      return;
    } catch (error) {
      if (Date.now() + pause > until) throw new RecordingError(error);
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/** The provider accepted the message but the outbox could not record it: it may go out twice. */
class RecordingError extends Error {
  constructor(cause: unknown) {
    super(`sent, but could not be recorded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(`no answer within ${ms} ms`)), ms);
    timer.unref(); // a provider that never answers must not keep a stopped process alive
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
