import { ConversationReference } from 'botbuilder';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';
import { OutboxTransport, OutgoingMessage, OutgoingPart } from './OutboxTransport';

/** A message waiting to be sent (or being sent). `_id` is its idempotency key. */
export interface PendingMessage {
  _id: string;
  channel: string;
  to: string;
  reference?: Partial<ConversationReference>;
  parts: OutgoingPart[];
  /** Parts already accepted by the provider: a retry goes on from the next one. */
  partsSent: number;
  providerIds: string[];
  reason: string;
  /** Attempts started so far; also names the claim of the next one. */
  attempts: number;
  /** When it may next be tried; pushed a lease ahead while an attempt runs. */
  due: Date;
  createdAt: Date;
  lastError?: string;
}

export type FinishedOutcome = 'sent' | 'opted_out' | 'rejected' | 'failed';

/** A message the outbox is done with: kept (until the retention job) so the same key is never sent again. */
export interface FinishedMessage extends PendingMessage {
  outcome: FinishedOutcome;
  finishedAt: Date;
}

/** What the caller of a proactive send learns. */
export type EnqueueResult = 'queued' | 'duplicate' | 'opted_out';

const MESSAGE_FIELDS = {
  _id: String,
  channel: String,
  to: String,
  reference: Schema.Types.Mixed,
  parts: [{ _id: false, text: String, media: [String] }],
  partsSent: Number,
  providerIds: [String],
  reason: String,
  attempts: Number,
  due: Date,
  createdAt: Date,
  lastError: String,
};

/**
 * The durable queue of everything sent to residents outside the answer to their own message (late replies, status
 * notifications, call-back texts). Two collections, so the one a worker polls holds only pending work: `outbox`
 * (pending, by key) and `outboxFinished` (done, by key: the record that makes a key go out once).
 */
export class Outbox {
  private readonly pending: Model<PendingMessage>;
  private readonly finished: Model<FinishedMessage>;
  private readonly transports = new Map<string, OutboxTransport>();
  private readonly listeners: (() => void)[] = [];

  constructor(connection: Connection, transports: Record<string, OutboxTransport> = {}) {
    this.pending =
      connection.models.outbox ?? connection.model<PendingMessage>('outbox', new Schema<PendingMessage>(MESSAGE_FIELDS, { versionKey: false }), 'outbox');
    this.finished =
      connection.models.outboxFinished ??
      connection.model<FinishedMessage>(
        'outboxFinished',
        new Schema<FinishedMessage>({ ...MESSAGE_FIELDS, outcome: String, finishedAt: Date }, { versionKey: false }),
        'outboxFinished',
      );
    for (const [channel, transport] of Object.entries(transports)) this.register(channel, transport);
  }

  /** Adds a channel's transport (the composition root registers one per channel). */
  register(channel: string, transport: OutboxTransport): void {
    this.transports.set(channel, transport);
  }

  hasTransport(channel: string): boolean {
    return this.transports.has(channel);
  }

  transportFor(channel: string): OutboxTransport {
    const transport = this.transports.get(channel);
    if (!transport) throw new Error(`No outbox transport for channel "${channel}"`);
    return transport;
  }

  /** Called after each message queued (the in-process worker sends it at once). */
  whenQueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Queues a message unless its key was queued before or its address opted out. Resolves once the message is in the
   * database (it will be sent, across crashes and restarts); rejects when it could not be stored.
   */
  async enqueue(message: OutgoingMessage): Promise<EnqueueResult> {
    const transport = this.transportFor(message.channel);
    if (await transport.isOptedOut?.(message.to)) return 'opted_out';
    const parts = transport.split?.(message) ?? [{ text: message.text, media: message.media ?? [] }];
    const now = new Date();
    try {
      await this.pending.create({
        _id: message.key,
        channel: message.channel,
        to: message.to,
        ...(message.reference ? { reference: message.reference } : {}),
        parts,
        partsSent: 0,
        providerIds: [],
        reason: message.reason,
        attempts: 0,
        due: now,
        createdAt: now,
      });
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw error;
    }
    // Checked after inserting: a worker archives before it deletes, so a key finished meanwhile is seen here.
    if (await this.isFinished(message.key)) {
      await this.pending.deleteOne({ _id: message.key });
      return 'duplicate';
    }
    for (const listener of this.listeners) listener();
    return 'queued';
  }

  /** Pending messages due now, oldest first. Scans only the pending collection, which stays small. */
  async due(now: Date, limit: number): Promise<PendingMessage[]> {
    return this.pending.find({ due: { $lte: now } }).sort({ due: 1 }).limit(limit).lean();
  }

  async get(key: string): Promise<PendingMessage | null> {
    return this.pending.findById(key).lean();
  }

  async isFinished(key: string): Promise<boolean> {
    return (await this.finished.exists({ _id: key })) !== null;
  }

  async finishedMessage(key: string): Promise<FinishedMessage | null> {
    return this.finished.findById(key).lean();
  }

  /** Marks attempt number `attempts` as started; due moves a lease ahead so no one else starts it meanwhile. */
  async startAttempt(key: string, attempts: number, leaseUntil: Date): Promise<void> {
    await this.pending.updateOne({ _id: key }, { $set: { attempts, due: leaseUntil } });
  }

  /** Records a part the provider accepted, so a crash after it does not send it again. */
  async partSent(key: string, partsSent: number, providerIds: string[]): Promise<void> {
    await this.pending.updateOne({ _id: key }, { $set: { partsSent, providerIds } });
  }

  async retryLater(key: string, due: Date, lastError: string): Promise<void> {
    await this.pending.updateOne({ _id: key }, { $set: { due, lastError } });
  }

  /** Archives first, then removes from the queue: a crash in between leaves a pending copy that is dropped as done. */
  async finish(message: PendingMessage, outcome: FinishedOutcome, detail?: string): Promise<void> {
    try {
      await this.finished.create({ ...message, ...(detail ? { lastError: detail } : {}), outcome, finishedAt: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    await this.pending.deleteOne({ _id: message._id });
  }

  /** Drops a pending copy of a key already finished. */
  async drop(key: string): Promise<void> {
    await this.pending.deleteOne({ _id: key });
  }

  async pendingCount(): Promise<number> {
    return this.pending.countDocuments({});
  }

  /** Retention: finished messages older than the cutoff. */
  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    return (await this.finished.deleteMany({ finishedAt: { $lt: cutoff } })).deletedCount;
  }
}
