import { createHash, randomBytes } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';

interface ResidentKeyDoc {
  /** SHA-256 of the key: the database alone does not give anyone a browser's key. */
  _id: string;
  userId: string;
  createdAt: Date;
  usedAt: Date;
}

/**
 * The key a browser keeps so that a later visit is the same web resident (their reports, their language). Held
 * server-side so it can be forgotten (the resident's "forget me on this device") and expire after a long idle
 * time; each use moves the idle clock on.
 */
export class ResidentKeys {
  private readonly model: Model<ResidentKeyDoc>;

  constructor(
    connection: Connection,
    /** A key unused this long opens nothing. */
    readonly idleMs: number,
  ) {
    this.model =
      connection.models.residentKeys ??
      connection.model<ResidentKeyDoc>(
        'residentKeys',
        new Schema<ResidentKeyDoc>({ _id: String, userId: String, createdAt: Date, usedAt: Date }, { versionKey: false }),
        'residentKeys',
      );
  }

  async issue(userId: string, now = new Date()): Promise<string> {
    const key = `rk_${randomBytes(24).toString('base64url')}`;
    await this.model.create({ _id: hashOf(key), userId, createdAt: now, usedAt: now });
    return key;
  }

  /** The resident of a known, recently used key (and the key is used now); undefined for anything else. */
  async userOf(key: string | undefined, now = new Date()): Promise<string | undefined> {
    if (!key) return undefined;
    const found = await this.model.findById(hashOf(key)).lean();
    if (!found) return undefined;
    if (found.usedAt.getTime() <= now.getTime() - this.idleMs) {
      await this.model.deleteOne({ _id: found._id });
      return undefined;
    }
    await this.model.updateOne({ _id: found._id }, { $set: { usedAt: now } });
    return found.userId;
  }

  /** The resident of the key, whose key it no longer is; undefined when the key was unknown. */
  async forget(key: string): Promise<string | undefined> {
    const found = await this.model.findOneAndDelete({ _id: hashOf(key) }).lean();
    return found?.userId;
  }

  async deleteIdleBefore(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ usedAt: { $lt: cutoff } })).deletedCount;
  }
}

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
