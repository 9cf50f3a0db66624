import { randomUUID } from 'node:crypto';
import { Storage, StoreItems } from 'botbuilder';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';
import { InsertClaims } from '../db/InsertClaims';
import { TransientError } from '../db/transientFailure';

interface StoredState {
  _id: string;
  eTag: string;
  /** JSON text: state objects may hold keys MongoDB refuses (dots, a leading $). */
  json: string;
  updatedAt: Date;
}

/** Another writer got there first: a race, not a fault in the state itself (read again and redo). */
export class ETagConflictError extends TransientError {
  constructor(key: string) {
    super(`Storage write for "${key}" was rejected: the item changed since it was read (stale eTag)`);
  }
}

/** A claim older than this was left by a process that crashed mid-write; the version may be claimed again. */
const CLAIM_LEASE_MS = 30000;

/**
 * botbuilder Storage on MongoDB that honours the eTag contract: a write with a stale eTag is rejected,
 * a write with no eTag or '*' always lands.
 */
export class MongoStorage implements Storage {
  private readonly items: Model<StoredState>;
  /** "This writer is replacing version eTag of key": claimed before a conditional write, released after it. */
  private readonly claims: InsertClaims;

  constructor(connection: Connection, collection = 'botState') {
    const schema = new Schema<StoredState>(
      { _id: String, eTag: { type: String, required: true }, json: { type: String, required: true }, updatedAt: Date },
      { versionKey: false },
    );
    this.items = connection.models[collection] ?? connection.model<StoredState>(collection, schema, collection);
    this.claims = new InsertClaims(connection, `${collection}WriteClaims`);
  }

  /** One look-up per key: FerretDB uses its _id index only for a plain {_id: value} filter, not for $in. */
  async read(keys: string[]): Promise<StoreItems> {
    const docs = await Promise.all(keys.map((key) => this.items.findById(key).lean()));
    const result: StoreItems = {};
    for (const doc of docs) {
      if (doc) result[doc._id] = { ...JSON.parse(doc.json), eTag: doc.eTag };
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      await this.writeOne(key, item ?? {});
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.items.deleteMany({ _id: { $in: keys } });
  }

  /**
   * Retention: conversation state (dialog stack, drafts, recent answers) not written since the cutoff. Residents'
   * profiles (user state: their language) are kept.
   */
  async deleteIdleConversations(cutoff: Date): Promise<number> {
    const { deletedCount } = await this.items.deleteMany({ _id: { $regex: '^[^/]+/conversations/' }, updatedAt: { $lt: cutoff } });
    await this.claims.deleteBefore(cutoff);
    return deletedCount;
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag: expected, ...value } = item;
    const next = { eTag: randomUUID(), json: JSON.stringify(value), updatedAt: new Date() };
    if (expected === undefined || expected === '*') {
      await this.items.updateOne({ _id: key }, { $set: next }, { upsert: true });
      return;
    }
    if (typeof expected !== 'string') throw new TypeError(`Storage item "${key}" has an eTag that is not a string`);
    // FerretDB (the default database) runs a filtered update as a read followed by a write by _id, so two writers
    // holding the same eTag would both match. An insert is atomic there too: only the writer that inserts the claim
    // on this version may replace it; the other is told the item changed.
    // With the claim held, comparing the eTag in code is safe, and every query stays a plain _id look-up.
    const claim = await this.claimVersion(key, expected);
    try {
      const current = await this.items.findById(key, { eTag: 1 }).lean();
      if (current && current.eTag !== expected) throw new ETagConflictError(key);
      if (current) {
        await this.items.updateOne({ _id: key }, { $set: next });
        return;
      }
      try {
        await this.items.create({ _id: key, ...next });
      } catch (error) {
        if (isDuplicateKey(error)) throw new ETagConflictError(key);
        throw error;
      }
    } finally {
      await this.claims.release(claim).catch(() => undefined);
    }
  }

  private async claimVersion(key: string, eTag: string): Promise<string> {
    const id = JSON.stringify([key, eTag]);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.claims.tryClaim(id)) return id;
      const takenAt = await this.claims.claimedAt(id);
      if (takenAt && Date.now() - takenAt.getTime() < CLAIM_LEASE_MS) break;
      if (takenAt) await this.claims.release(id, takenAt);
    }
    throw new ETagConflictError(key);
  }
}
