import { randomUUID } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicateKey';
import { InsertClaims } from '../../db/InsertClaims';
import { LeaseRenewal } from '../../db/LeaseRenewal';

interface ReceiptDoc {
  _id: string;
  /** Everything Twilio sent, so no text or photo URL a resident sent is ever lost. */
  payload: Record<string, string>;
  state: 'processing' | 'done' | 'failed';
  /** Who is handling it (one id per handling) and until when, unless renewed: a dead handler is replaced after that. */
  owner?: string;
  leaseUntil?: Date;
  /** The TwiML answered: the turn's replies, or the honest "send it again" of a failed delivery. */
  response?: string;
  receivedAt: Date;
  updatedAt: Date;
}

interface LateDoc {
  _id: string;
  at: Date;
}

export type Receipt =
  /** Handle it: this delivery now holds the receipt's lease, under this owner id. */
  | { kind: 'new'; owner: string }
  /** Give this answer: recorded by an earlier delivery of the same message. */
  | { kind: 'answered'; response: string }
  /** A live delivery of the same message is still handling it and answers it (by text if late). */
  | { kind: 'busy' };

export interface ReceiptTiming {
  /** When this delivery reached the server: a failure recorded after that is its answer too. */
  arrivedAt: number;
  /** Until when this delivery may wait for another one handling the same message. */
  deadline: number;
}

export interface WebhookReceiptOptions {
  /** A handling not renewed for this long was abandoned by a crashed process and is taken over. */
  leaseMs?: number;
  /** How often a waiting delivery looks at the receipt again. */
  pollMs?: number;
}

/**
 * One record per Twilio message (keyed by MessageSid): a webhook delivered twice is handled once and gets the same
 * answer, across processes and restarts. The handler holds a short lease, renewed while it works, so a retry after
 * a crash takes over within seconds. Deliveries answered late (by text) are also listed in a small companion
 * collection, so their replies are sent even if the process dies before sending them.
 */
export class WebhookReceipts {
  private readonly receipts: Model<ReceiptDoc>;
  private readonly late: Model<LateDoc>;
  private readonly takeovers: InsertClaims;
  readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(connection: Connection, collection: string, options: WebhookReceiptOptions = {}) {
    const schema = new Schema<ReceiptDoc>(
      { _id: String, payload: Schema.Types.Mixed, state: String, owner: String, leaseUntil: Date, response: String, receivedAt: Date, updatedAt: Date },
      { versionKey: false },
    );
    this.receipts = connection.models[collection] ?? connection.model<ReceiptDoc>(collection, schema, collection);
    const lateName = `${collection}Late`;
    this.late = connection.models[lateName] ?? connection.model<LateDoc>(lateName, new Schema<LateDoc>({ _id: String, at: Date }, { versionKey: false }), lateName);
    this.takeovers = new InsertClaims(connection, `${collection}Takeovers`);
    this.leaseMs = options.leaseMs ?? 3000;
    this.pollMs = options.pollMs ?? 100;
  }

  /** Claims a delivery for handling, or returns the answer already given to it. */
  async claim(id: string, payload: Record<string, string>, timing: ReceiptTiming): Promise<Receipt> {
    const owner = randomUUID();
    const now = new Date();
    try {
      await this.receipts.create({ _id: id, payload, state: 'processing', owner, leaseUntil: this.leaseFrom(now), receivedAt: now, updatedAt: now });
      return { kind: 'new', owner };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    for (;;) {
      const existing = await this.receipts.findById(id).lean();
      if (!existing) return this.claim(id, payload, timing);
      if (existing.state === 'done') return { kind: 'answered', response: existing.response ?? '' };
      // A failure recorded after this delivery arrived answers it too (copies delivered at once agree); a retry that
      // comes after the failure is handled afresh (the resident never saw that answer).
      if (existing.state === 'failed' && existing.updatedAt.getTime() >= timing.arrivedAt) return { kind: 'answered', response: existing.response ?? '' };
      const abandoned = existing.state === 'failed' || (existing.leaseUntil?.getTime() ?? 0) < Date.now();
      // Of the deliveries that find this handler failed or dead, only the one that claims its takeover handles it
      // (a filtered update cannot decide that on FerretDB, an insert can); the others wait for its answer.
      if (abandoned && (await this.takeovers.tryClaim(JSON.stringify([id, existing.owner ?? null, existing.updatedAt.getTime()])))) {
        const at = new Date();
        await this.receipts.updateOne({ _id: id }, { $set: { state: 'processing', owner, leaseUntil: this.leaseFrom(at), updatedAt: at } });
        return { kind: 'new', owner };
      }
      if (Date.now() + this.pollMs > timing.deadline) return { kind: 'busy' };
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  /** Keeps the handler's lease alive while it works; stop it when done. */
  holdLease(id: string, owner: string): LeaseRenewal {
    return new LeaseRenewal(
      // By _id alone: FerretDB scans the whole collection for any other filter (an owner in it too).
      async () => {
        if ((await this.receipts.findById(id, { owner: 1 }).lean())?.owner !== owner) return false;
        await this.receipts.updateOne({ _id: id }, { $set: { leaseUntil: this.leaseFrom(new Date()) } });
        return true;
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
  }

  async complete(id: string, response: string): Promise<void> {
    await this.receipts.updateOne({ _id: id }, { $set: { state: 'done', response, updatedAt: new Date() } });
  }

  /**
   * Records a delivery whose handling failed and what it was answered: its payload stays on record, copies that
   * arrived meanwhile get the same answer and a later retry is handled afresh.
   */
  async fail(id: string, response: string): Promise<void> {
    // Filters other than a plain _id scan the whole collection on FerretDB; an answered delivery keeps its answer.
    const current = await this.receipts.findById(id, { state: 1 }).lean();
    if (current?.state !== 'processing') return;
    await this.receipts.updateOne({ _id: id }, { $set: { state: 'failed', response, updatedAt: new Date() } });
  }

  /** The payload and state of a delivery, for the late-reply recovery. */
  async get(id: string): Promise<ReceiptDoc | null> {
    return this.receipts.findById(id).lean();
  }

  /** This delivery was answered without replies: they are owed by text, even if this process dies. */
  async markLate(id: string): Promise<void> {
    try {
      await this.late.create({ _id: id, at: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** The late replies are in the outbox (or the delivery is settled otherwise). */
  async clearLate(id: string): Promise<void> {
    await this.late.deleteOne({ _id: id });
  }

  /** Deliveries whose replies are still owed by text. Usually none: the collection holds only those. */
  async lateIds(): Promise<string[]> {
    return (await this.late.find({}, { _id: 1 }).limit(100).lean()).map((d) => d._id);
  }

  /** Retention: receipts older than the cutoff, and takeover records older than it. */
  async deleteBefore(cutoff: Date): Promise<number> {
    const { deletedCount } = await this.receipts.deleteMany({ updatedAt: { $lt: cutoff } });
    await this.takeovers.deleteBefore(cutoff);
    return deletedCount;
  }

  private leaseFrom(at: Date): Date {
    return new Date(at.getTime() + this.leaseMs);
  }
}
