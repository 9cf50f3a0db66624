import { randomUUID } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';
import { InsertClaims } from '../db/InsertClaims';
import { LeaseRenewal } from '../db/LeaseRenewal';
import { TransientError } from '../db/transientFailure';
import { maskPhoneNumbers } from './maskPhoneNumbers';

interface LockDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/** The conversation stayed busy: nothing about the turn itself is wrong, it may be tried again. */
/** Short, because it is renewed while the work runs: a crashed holder blocks its conversation for seconds only. */
export const DEFAULT_LEASE_MS = 3000;

export class LockTimeoutError extends TransientError {}

export interface DatabaseLockOptions {
  /**
   * A lease not renewed for this long belongs to a crashed process and is taken over. The holder renews it every
   * third of this while its work runs, so only a dead holder loses it.
   */
  leaseMs?: number;
  /** How long a turn waits for the one before it. */
  waitMs?: number;
}

/**
 * Serialises the turns of one conversation across every server process, so that two messages arriving
 * together never interleave their reads and writes of conversation state. Kept in the database, not memory.
 */
export class DatabaseLock {
  private readonly locks: Model<LockDoc>;
  /** "This waiter is clearing the expired lease of owner": only the waiter that claims it may delete that lease. */
  private readonly takeovers: InsertClaims;
  private readonly leaseMs: number;
  private readonly waitMs: number;

  constructor(connection: Connection, options: DatabaseLockOptions = {}) {
    const schema = new Schema<LockDoc>({ _id: String, owner: String, expiresAt: Date }, { versionKey: false });
    this.locks = connection.models.conversationLocks ?? connection.model<LockDoc>('conversationLocks', schema, 'conversationLocks');
    this.takeovers = new InsertClaims(connection, 'conversationLockTakeovers');
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.waitMs = options.waitMs ?? 20000;
  }

  async runExclusive<T>(conversationKey: string, work: () => Promise<T>): Promise<T> {
    const owner = await this.acquire(conversationKey);
    const renewal = new LeaseRenewal(
      // By _id alone: FerretDB scans the whole collection for any other filter.
      async () => {
        if ((await this.locks.findById(conversationKey, { owner: 1 }).lean())?.owner !== owner) return false;
        await this.locks.updateOne({ _id: conversationKey }, { $set: { expiresAt: new Date(Date.now() + this.leaseMs) } });
        return true;
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    try {
      return await work();
    } finally {
      await renewal.stop();
      await this.locks.deleteOne({ _id: conversationKey, owner }).catch(() => undefined);
    }
  }

  /** Retention: leases of processes that crashed and whose conversation never spoke again, and old takeover records. */
  async deleteStaleBefore(cutoff: Date): Promise<number> {
    const { deletedCount } = await this.locks.deleteMany({ expiresAt: { $lt: cutoff } });
    return deletedCount + (await this.takeovers.deleteBefore(cutoff));
  }

  private async acquire(key: string): Promise<string> {
    const owner = randomUUID();
    const deadline = Date.now() + this.waitMs;
    let pause = 10;
    for (let free = true; ; ) {
      const now = new Date();
      // Inserting is a write (it queues for SQLite's write lock on FerretDB): tried only when the lock looked free.
      if (free) {
        try {
          await this.locks.create({ _id: key, owner, expiresAt: new Date(now.getTime() + this.leaseMs) });
          return owner;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
      // Clear a lease left behind by a crashed process; the next loop competes for it by insert again.
      const held = await this.locks.findById(key).lean();
      free = !held;
      if (held && held.expiresAt.getTime() < now.getTime()) {
        await this.clearExpired(key, held.owner);
        free = true;
      }
      if (Date.now() > deadline) throw new LockTimeoutError(`Conversation ${maskPhoneNumbers(key)} stayed busy for ${this.waitMs} ms`);
      if (!free) {
        await new Promise((r) => setTimeout(r, pause));
        pause = Math.min(pause * 2, 200);
      }
    }
  }

  /**
   * FerretDB (the default database) runs a filtered delete as a read followed by a delete by _id: two waiters that
   * both saw the expired lease could both delete, the later one removing the lease the earlier one had just taken.
   * Inserts are atomic there, so only the waiter that claims the takeover of this dead owner deletes its lease.
   * A takeover record older than a lease belongs to a waiter that crashed in turn: the next attempt number is free.
   */
  private async clearExpired(key: string, deadOwner: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const id = JSON.stringify([key, deadOwner, attempt]);
      if (await this.takeovers.tryClaim(id)) break;
      const takenAt = await this.takeovers.claimedAt(id);
      if (!takenAt || Date.now() - takenAt.getTime() < this.leaseMs) return;
    }
    await this.locks.deleteOne({ _id: key, owner: deadOwner });
  }
}
