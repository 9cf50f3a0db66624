import { randomUUID } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';

export interface AttemptLimits {
  /** Attempts allowed per window. */
  attempts: number;
  /** Failed attempts (a wrong postal code) allowed per window: guessing is slowed down most. */
  failures: number;
  windowMs: number;
}

/** One thing counted ("ip:203.0.113.9", "permit:BP-2025-0142") and how much of it is allowed. */
export interface CountedKey {
  key: string;
  limits: AttemptLimits;
}

/** `pending` until its outcome is known: it counts as a failure meanwhile, so parallel guesses cannot slip past. */
type Outcome = 'pending' | 'ok' | 'failed' | 'refused';

interface AttemptDoc {
  _id: string;
  key: string;
  ticket: string;
  at: Date;
  outcome: Outcome;
}

/** The attempt being made, to be finished with its outcome; or the first key that was over its limit. */
export type Begun = { ticket: string } | { refusedBy: string };

/**
 * Counts attempts per key in the database, as one document per attempt and key. Counters shared by many
 * conversations (an address, a permit, a phone number) are written by parallel turns, and updates are not atomic
 * on FerretDB: inserts are. An attempt is recorded first and counted after, so of parallel attempts no more than
 * the limit ever see themselves within it.
 */
export class AttemptLedger {
  private readonly docs: Model<AttemptDoc>;

  constructor(
    connection: Connection,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const schema = new Schema<AttemptDoc>({ _id: String, key: String, ticket: String, at: Date, outcome: String }, { versionKey: false });
    schema.index({ key: 1, at: 1 });
    schema.index({ ticket: 1 });
    this.docs = connection.models.attemptLedger ?? connection.model<AttemptDoc>('attemptLedger', schema, 'attemptLedger');
  }

  /** Records an attempt on every key; refused when any key is over its limit (and counted by those keys). */
  async begin(keys: CountedKey[]): Promise<Begun> {
    const ticket = randomUUID();
    const at = this.clock();
    await this.docs.insertMany(keys.map(({ key }) => ({ _id: randomUUID(), key, ticket, at, outcome: 'pending' as Outcome })));
    const within = await Promise.all(keys.map((counted) => this.isWithin(counted)));
    const over = keys.filter((_, i) => !within[i]).map((k) => k.key);
    if (over.length === 0) return { ticket };
    // A refusal counts against the keys that refused it only: hammering one number must not use up an address's
    // or everyone's allowance.
    await this.docs.deleteMany({ ticket, key: { $nin: over } });
    await this.docs.updateMany({ ticket }, { $set: { outcome: 'refused' } });
    return { refusedBy: over[0] };
  }

  /** The attempt's outcome: a failure keeps counting against its keys for their window. */
  async finish(ticket: string, failed: boolean): Promise<void> {
    await this.docs.updateMany({ ticket }, { $set: { outcome: failed ? 'failed' : 'ok' } });
  }

  /** Deletes attempts older than the cutoff; pass the longest window in use, so no limit is loosened early. */
  async deleteBefore(cutoff: Date): Promise<number> {
    return (await this.docs.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  }

  private async isWithin({ key, limits }: CountedKey): Promise<boolean> {
    const since = new Date(this.clock().getTime() - limits.windowMs);
    const [attempts, failures] = await Promise.all([
      this.docs.countDocuments({ key, at: { $gt: since } }),
      this.docs.countDocuments({ key, at: { $gt: since }, outcome: { $in: ['pending', 'failed'] } }),
    ]);
    // This attempt is among those counted, and pending: earlier ones must have left room for it.
    return attempts <= limits.attempts && failures <= limits.failures;
  }
}
