import { Connection, Model, Schema } from 'mongoose';

interface AttemptsDoc {
  _id: string;
  attempts: Date[];
  failures: Date[];
  /** The latest look-up: the retention job deletes a key once this is older than the window. */
  lastAt: Date;
}

export interface AttemptLimits {
  /** Look-ups allowed per window. */
  attempts: number;
  /** Failed look-ups (a wrong number, a wrong postal code) allowed per window: guessing is slowed down most. */
  failures: number;
  windowMs: number;
}

export const LOOKUP_LIMITS: AttemptLimits = { attempts: 20, failures: 5, windowMs: 60 * 60 * 1000 };

/**
 * Counts a resident's look-ups in the database (so the limit holds across processes and restarts). Writes for one
 * key come from that resident's turns, which the conversation lock already serialises.
 */
export class AttemptLimiter {
  private readonly docs: Model<AttemptsDoc>;

  constructor(
    connection: Connection,
    private readonly limits: AttemptLimits = LOOKUP_LIMITS,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const schema = new Schema<AttemptsDoc>({ _id: String, attempts: [Date], failures: [Date], lastAt: Date }, { versionKey: false });
    this.docs = connection.models.lookupAttempts ?? connection.model<AttemptsDoc>('lookupAttempts', schema, 'lookupAttempts');
  }

  /** False when this key has used up its look-ups or its failed guesses for now. */
  async allows(key: string): Promise<boolean> {
    const { attempts, failures } = await this.recent(key);
    return attempts.length < this.limits.attempts && failures.length < this.limits.failures;
  }

  async record(key: string, failed: boolean): Promise<void> {
    const now = this.clock();
    const recent = await this.recent(key);
    await this.docs.updateOne(
      { _id: key },
      { $set: { attempts: [...recent.attempts, now], failures: failed ? [...recent.failures, now] : recent.failures, lastAt: now } },
      { upsert: true },
    );
  }

  /** How long a key's look-ups count: the retention job may delete keys idle for longer. */
  get windowMs(): number {
    return this.limits.windowMs;
  }

  /** Deletes the counts of keys with no look-up since the cutoff; they would allow everything anyway. */
  async deleteIdleBefore(cutoff: Date): Promise<number> {
    return (await this.docs.deleteMany({ lastAt: { $lt: cutoff } })).deletedCount;
  }

  private async recent(key: string): Promise<{ attempts: Date[]; failures: Date[] }> {
    const doc = await this.docs.findById(key).lean();
    const since = this.clock().getTime() - this.limits.windowMs;
    const keep = (dates: Date[] = []) => dates.filter((d) => d.getTime() > since);
    return { attempts: keep(doc?.attempts), failures: keep(doc?.failures) };
  }
}
