import { randomUUID } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from './MongoStorage';

interface LockDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export class LockTimeoutError extends Error {}

export interface ConversationLockOptions {
  /** A lock older than this is taken to belong to a crashed process. */
  leaseMs?: number;
  /** How long a turn waits for the one before it. */
  waitMs?: number;
}

/**
 * Serialises the turns of one conversation across every server process, so that two messages arriving
 * together never interleave their reads and writes of conversation state. Kept in the database, not memory.
 */
export class ConversationLock {
  private readonly locks: Model<LockDoc>;
  private readonly leaseMs: number;
  private readonly waitMs: number;

  constructor(connection: Connection, options: ConversationLockOptions = {}) {
    const schema = new Schema<LockDoc>({ _id: String, owner: String, expiresAt: Date }, { versionKey: false });
    this.locks = connection.models.conversationLocks ?? connection.model<LockDoc>('conversationLocks', schema, 'conversationLocks');
    this.leaseMs = options.leaseMs ?? 30000;
    this.waitMs = options.waitMs ?? 20000;
  }

  async runExclusive<T>(conversationKey: string, work: () => Promise<T>): Promise<T> {
    const owner = await this.acquire(conversationKey);
    try {
      return await work();
    } finally {
      await this.locks.deleteOne({ _id: conversationKey, owner }).catch(() => undefined);
    }
  }

  private async acquire(key: string): Promise<string> {
    const owner = randomUUID();
    const deadline = Date.now() + this.waitMs;
    let pause = 10;
    for (;;) {
      const now = new Date();
      try {
        await this.locks.create({ _id: key, owner, expiresAt: new Date(now.getTime() + this.leaseMs) });
        return owner;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // Clear a lease left behind by a crashed process; the next loop competes for it by insert again.
      await this.locks.deleteOne({ _id: key, expiresAt: { $lt: now } });
      if (Date.now() > deadline) throw new LockTimeoutError(`Conversation ${key} stayed busy for ${this.waitMs} ms`);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 200);
    }
  }
}
