import { Connection } from 'mongoose';
import { InsertClaims } from '../db/InsertClaims';

/** One kind of record the job deletes once it is older than its age. */
export interface RetentionRule {
  name: string;
  ageMs: number;
  /** Deletes what is older than the cutoff; resolves to how many were deleted. */
  deleteBefore(cutoff: Date): Promise<number>;
}

/**
 * Deletes old records (webhook receipts, finished outbox messages, idle conversation state, settled claims, idle
 * look-up counts, stale line types) by age. FerretDB has no TTL index, so it is a job; it runs in one process per
 * period: the process that claims the period by insert runs it, the others skip it.
 */
export class RetentionJob {
  private readonly runs: InsertClaims;

  constructor(
    connection: Connection,
    private readonly rules: RetentionRule[],
    private readonly periodMs: number,
    private readonly log: (message: string) => void,
  ) {
    this.runs = new InsertClaims(connection, 'jobRuns');
  }

  /** Runs the rules if no process has run them in this period yet; what was deleted, by rule, or null if skipped. */
  async runOnce(now = new Date()): Promise<Record<string, number> | null> {
    const period = Math.floor(now.getTime() / this.periodMs);
    if (!(await this.runs.tryClaim(`retention:${period}`))) return null;
    const deleted: Record<string, number> = {};
    for (const rule of this.rules) {
      deleted[rule.name] = await rule.deleteBefore(new Date(now.getTime() - rule.ageMs));
    }
    await this.runs.deleteBefore(new Date(now.getTime() - 7 * 24 * 60 * 60_000));
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    if (total > 0) this.log(`Retention: deleted ${Object.entries(deleted).map(([name, n]) => `${n} ${name}`).join(', ')}`);
    return deleted;
  }
}
