import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicateKey';
import { InsertClaims } from '../../db/InsertClaims';

interface ReceiptDoc {
  _id: string;
  /** Everything Twilio sent, so no text or photo URL a resident sent is ever lost. */
  payload: Record<string, string>;
  state: 'processing' | 'done' | 'failed';
  response?: string;
  receivedAt: Date;
  updatedAt: Date;
}

export type Receipt =
  | { kind: 'new' }
  | { kind: 'answered'; response: string };

export interface WebhookReceiptOptions {
  /** A delivery still "processing" after this long was abandoned by a crashed process: handle it again. */
  abandonAfterMs?: number;
  /** How long a retry waits for the first delivery to finish before answering without replies. */
  waitForFirstMs?: number;
}

/**
 * One record per Twilio message (keyed by MessageSid): a webhook delivered twice is handled once and gets
 * the same answer, across processes and restarts.
 */
export class WebhookReceipts {
  private readonly receipts: Model<ReceiptDoc>;
  private readonly takeovers: InsertClaims;
  private readonly abandonAfterMs: number;
  private readonly waitForFirstMs: number;

  constructor(connection: Connection, collection: string, options: WebhookReceiptOptions = {}) {
    const schema = new Schema<ReceiptDoc>(
      { _id: String, payload: Schema.Types.Mixed, state: String, response: String, receivedAt: Date, updatedAt: Date },
      { versionKey: false },
    );
    this.receipts = connection.models[collection] ?? connection.model<ReceiptDoc>(collection, schema, collection);
    this.takeovers = new InsertClaims(connection, `${collection}Takeovers`);
    this.abandonAfterMs = options.abandonAfterMs ?? 60000;
    this.waitForFirstMs = options.waitForFirstMs ?? 10000;
  }

  /** Claims a delivery for handling, or returns the answer already given to it. */
  async claim(id: string, payload: Record<string, string>): Promise<Receipt> {
    const now = new Date();
    try {
      await this.receipts.create({ _id: id, payload, state: 'processing', receivedAt: now, updatedAt: now });
      return { kind: 'new' };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const deadline = Date.now() + this.waitForFirstMs;
    for (;;) {
      const existing = await this.receipts.findById(id).lean();
      if (!existing) return this.claim(id, payload);
      if (existing.state === 'done') return { kind: 'answered', response: existing.response ?? '' };
      const retryable = existing.state === 'failed' || Date.now() - existing.updatedAt.getTime() > this.abandonAfterMs;
      // Of the retries that find this failed or abandoned version, only the one that claims its takeover handles it
      // (a filtered update cannot decide that on FerretDB, an insert can); the others wait for its answer.
      if (retryable && (await this.takeovers.tryClaim(JSON.stringify([id, existing.updatedAt.getTime()])))) {
        await this.receipts.updateOne({ _id: id }, { $set: { state: 'processing', updatedAt: new Date() } });
        return { kind: 'new' };
      }
      if (Date.now() > deadline) return { kind: 'answered', response: '' };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async complete(id: string, response: string): Promise<void> {
    await this.receipts.updateOne({ _id: id }, { $set: { state: 'done', response, updatedAt: new Date() } });
  }

  /** Marks a delivery whose handling failed: its payload stays on record and a retry is handled afresh. */
  async fail(id: string): Promise<void> {
    // Filters other than a plain _id scan the whole collection on FerretDB; an answered delivery keeps its answer.
    const current = await this.receipts.findById(id, { state: 1 }).lean();
    if (current?.state !== 'processing') return;
    await this.receipts.updateOne({ _id: id }, { $set: { state: 'failed', updatedAt: new Date() } });
  }
}
