import { randomUUID } from 'node:crypto';
import { Storage, StoreItems } from 'botbuilder';
import { Connection, Model, Schema } from 'mongoose';

interface StoredState {
  _id: string;
  eTag: string;
  /** JSON text: state objects may hold keys MongoDB refuses (dots, a leading $). */
  json: string;
  updatedAt: Date;
}

export class ETagConflictError extends Error {
  constructor(key: string) {
    super(`Storage write for "${key}" was rejected: the item changed since it was read (stale eTag)`);
  }
}

/**
 * botbuilder Storage on MongoDB that honours the eTag contract: a write with a stale eTag is rejected,
 * a write with no eTag or '*' always lands.
 */
export class MongoStorage implements Storage {
  private readonly items: Model<StoredState>;

  constructor(connection: Connection, collection = 'botState') {
    const schema = new Schema<StoredState>(
      { _id: String, eTag: { type: String, required: true }, json: { type: String, required: true }, updatedAt: Date },
      { versionKey: false },
    );
    this.items = connection.models[collection] ?? connection.model<StoredState>(collection, schema, collection);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const docs = await this.items.find({ _id: { $in: keys } }).lean();
    const result: StoreItems = {};
    for (const doc of docs) {
      result[doc._id] = { ...JSON.parse(doc.json), eTag: doc.eTag };
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

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag: expected, ...value } = item;
    const next = { eTag: randomUUID(), json: JSON.stringify(value), updatedAt: new Date() };
    if (expected === undefined || expected === '*') {
      await this.items.updateOne({ _id: key }, { $set: next }, { upsert: true });
      return;
    }
    if (typeof expected !== 'string') throw new TypeError(`Storage item "${key}" has an eTag that is not a string`);
    const updated = await this.items.updateOne({ _id: key, eTag: expected }, { $set: next });
    if (updated.matchedCount === 1) return;
    // No item with that eTag: either it never existed (create it) or someone wrote after our read.
    try {
      await this.items.create({ _id: key, ...next });
    } catch (error) {
      if (isDuplicateKey(error)) throw new ETagConflictError(key);
      throw error;
    }
  }
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
