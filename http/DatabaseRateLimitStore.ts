import { Connection, Model, Schema } from 'mongoose';
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import { isDuplicateKey } from '../db/duplicateKey';

interface WindowDoc {
  _id: string;
  /** The highest hit number known to be taken: a hint where the next hit starts, never more than the truth. */
  hits: number;
  expiresAt: Date;
}

interface HitDoc {
  _id: string;
  expiresAt: Date;
}

/**
 * An express-rate-limit store shared by every server process through the database, correct on FerretDB 1.24.
 * The stores published for MongoDB count with an atomic `$inc` and expire windows with a TTL index; FerretDB
 * has neither (its updates are a read then a write, so concurrent hits are lost, and TTL indexes never expire
 * anything), so a flood of parallel requests would get through. Here hit n of a window is the insert of the
 * document "key|window|n": a unique _id is the one atomic operation FerretDB has, so no two requests count as
 * the same hit. Fixed windows; expired ones are swept by `sweep()`, run periodically.
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private readonly windows: Model<WindowDoc>;
  private readonly hits: Model<HitDoc>;
  private windowMs = 60_000;
  private limit?: number;

  constructor(
    connection: Connection,
    readonly prefix: string,
    /** Windows are aligned on this clock (tests fix it, so a run never straddles two windows). */
    private readonly now: () => number = Date.now,
  ) {
    this.windows =
      connection.models.rateLimitWindows ??
      connection.model<WindowDoc>('rateLimitWindows', new Schema<WindowDoc>({ _id: String, hits: Number, expiresAt: Date }, { versionKey: false }), 'rateLimitWindows');
    this.hits =
      connection.models.rateLimitHits ??
      connection.model<HitDoc>('rateLimitHits', new Schema<HitDoc>({ _id: String, expiresAt: Date }, { versionKey: false }), 'rateLimitHits');
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.limit = typeof options.limit === 'number' ? options.limit : undefined;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const start = Math.floor(this.now() / this.windowMs) * this.windowMs;
    const resetTime = new Date(start + this.windowMs);
    const windowId = `${this.prefix}${key}|${start}`;
    const known = (await this.windows.findById(windowId).lean())?.hits ?? 0;
    // Already over the limit: refused whatever the exact count, so a flood costs one read per request, no writes.
    if (this.limit !== undefined && known > this.limit) return { totalHits: known + 1, resetTime };
    let hit = known + 1;
    for (; ; hit++) {
      try {
        await this.hits.create({ _id: `${windowId}|${hit}`, expiresAt: resetTime });
        break;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    await this.raiseHint(windowId, hit, resetTime);
    return { totalHits: hit, resetTime };
  }

  /** Not used: the limiters count every request (no skipSuccessfulRequests or skipFailedRequests). */
  async decrement(): Promise<void> {}

  async resetKey(key: string): Promise<void> {
    const prefix = new RegExp(`^${escapeRegExp(`${this.prefix}${key}|`)}`);
    await Promise.all([this.windows.deleteMany({ _id: prefix }), this.hits.deleteMany({ _id: prefix })]);
  }

  /** Drops finished windows (no TTL index on FerretDB). Safe in every process at once. */
  async sweep(now = new Date()): Promise<void> {
    await Promise.all([this.windows.deleteMany({ expiresAt: { $lt: now } }), this.hits.deleteMany({ expiresAt: { $lt: now } })]);
  }

  private async raiseHint(windowId: string, hit: number, expiresAt: Date): Promise<void> {
    try {
      await this.windows.updateOne({ _id: windowId }, { $max: { hits: hit }, $setOnInsert: { expiresAt } }, { upsert: true });
    } catch (error) {
      // Two first hits upserting the same window together: the window exists now, raise it.
      if (!isDuplicateKey(error)) throw error;
      await this.windows.updateOne({ _id: windowId }, { $max: { hits: hit } });
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
