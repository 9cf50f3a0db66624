import { createHash } from 'node:crypto';
import { i18n } from 'i18next';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';
import { InsertClaims } from '../db/InsertClaims';
import { EnqueueResult, Outbox } from '../outbox/Outbox';
import { combinedNotice } from './combinedNotice';
import { SubscriberNotice } from './SubscriberNotice';

/** A notice waiting for the end of quiet hours. `_id` is the notice's key: held (and sent) once. */
export interface HeldNotice extends Omit<SubscriberNotice, 'key' | 'urgent'> {
  _id: string;
  subscriber: string;
  heldAt: Date;
  releaseAt: Date;
  state: 'held' | 'released';
  /** The outbox key of the combined message it went into (set before that message is queued). */
  batch?: string;
}

/** How long a process releasing one subscriber's notices keeps others off (a crashed one is taken over after it). */
const RELEASE_LEASE_MS = 30_000;

/**
 * Texts held during quiet hours, in the database with the time they may go (so a restart or another process
 * releases them). At release, each subscriber's notices become one message, queued once: the subscriber's
 * release is claimed by insert, the batch key is written onto the notices before the message is queued, and a
 * released notice stays as a record, so a sweep re-notifying the same change finds its key taken.
 */
export class HeldNotices {
  private readonly held: Model<HeldNotice>;
  private readonly claims: InsertClaims;

  constructor(
    connection: Connection,
    private readonly outbox: Pick<Outbox, 'enqueue'>,
    private readonly i18n: i18n,
    /** Told when a combined message with a satisfaction question was queued (it is then "asked"). */
    private readonly onSent: (notices: HeldNotice[], result: EnqueueResult) => Promise<void>,
  ) {
    this.held =
      connection.models.heldNotices ??
      connection.model<HeldNotice>(
        'heldNotices',
        new Schema<HeldNotice>(
          {
            _id: String,
            subscriber: String,
            channel: String,
            to: String,
            reference: Schema.Types.Mixed,
            locale: String,
            text: String,
            reason: String,
            caseNumber: String,
            heading: String,
            step: String,
            survey: String,
            heldAt: Date,
            releaseAt: Date,
            state: String,
            batch: String,
          },
          { versionKey: false },
        ),
        'heldNotices',
      );
    this.claims = new InsertClaims(connection, 'heldNoticeClaims');
  }

  /** Holds a notice until releaseAt. False when its key was held (or released) before: nothing more to do. */
  async hold(notice: SubscriberNotice, at: Date, releaseAt: Date): Promise<boolean> {
    const { key, urgent: _urgent, ...rest } = notice;
    try {
      await this.held.create({ ...rest, _id: key, subscriber: subscriberOf(notice), heldAt: at, releaseAt, state: 'held' });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Notices still waiting (for tests and operators). */
  async waiting(): Promise<HeldNotice[]> {
    return this.held.find({ state: 'held' }).sort({ heldAt: 1 }).lean();
  }

  /** Queues one combined message per subscriber whose notices are due. Safe in every process at once. */
  async release(now: Date): Promise<number> {
    const due = await this.held.find({ state: 'held', releaseAt: { $lte: now } }).sort({ heldAt: 1, _id: 1 }).limit(1000).lean();
    const releases = new Map<string, Date>();
    for (const notice of due) if (!releases.has(notice.subscriber)) releases.set(notice.subscriber, notice.releaseAt);
    let queued = 0;
    for (const [subscriber, releaseAt] of releases) {
      if (!(await this.claims.tryClaimLeased(`${subscriber}|${releaseAt.toISOString()}`, RELEASE_LEASE_MS))) continue;
      queued += await this.releaseFor(subscriber, now);
    }
    return queued;
  }

  /** Retention: released records older than the cutoff (their keys are long past any re-notification). */
  async deleteReleasedBefore(cutoff: Date): Promise<number> {
    return (await this.held.deleteMany({ state: 'released', releaseAt: { $lt: cutoff } })).deletedCount;
  }

  deleteClaimsBefore(cutoff: Date): Promise<number> {
    return this.claims.deleteBefore(cutoff);
  }

  private async releaseFor(subscriber: string, now: Date): Promise<number> {
    const notices = await this.held.find({ subscriber, state: 'held', releaseAt: { $lte: now } }).sort({ heldAt: 1, _id: 1 }).lean();
    // A batch named before a crash is queued under that name again (sent once); the rest make a new batch.
    const batches = new Map<string, HeldNotice[]>();
    const fresh = notices.filter((n) => !n.batch);
    for (const notice of notices) if (notice.batch) batches.set(notice.batch, [...(batches.get(notice.batch) ?? []), notice]);
    if (fresh.length > 0) {
      const batch = `notices:${subscriber}:${createHash('sha256').update(fresh.map((n) => n._id).join('\n')).digest('hex').slice(0, 24)}`;
      await this.held.updateMany({ _id: { $in: fresh.map((n) => n._id) } }, { $set: { batch } });
      batches.set(batch, fresh.map((n) => ({ ...n, batch })));
    }
    for (const [batch, members] of batches) {
      const first = members[0];
      const result = await this.outbox.enqueue({
        key: batch,
        channel: first.channel,
        to: first.to,
        reference: first.reference,
        text: combinedNotice(this.i18n.getFixedT(first.locale), members),
        reason: `${members.length} notice(s) held in quiet hours`,
      });
      await this.onSent(members, result);
      await this.held.updateMany({ _id: { $in: members.map((n) => n._id) } }, { $set: { state: 'released' } });
    }
    return batches.size;
  }
}

export function subscriberOf(notice: Pick<SubscriberNotice, 'channel' | 'to'>): string {
  return `${notice.channel}|${notice.to}`;
}
