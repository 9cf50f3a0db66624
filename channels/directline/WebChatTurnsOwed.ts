import { randomUUID } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';
import { InsertClaims } from '../../db/InsertClaims';
import { LeaseRenewal } from '../../db/LeaseRenewal';
import { RefusedUpload } from '../refusedUploads';

interface OwedDoc {
  /** The resident's stored activity (`conv|0000007`). */
  _id: string;
  conversationId: string;
  /** Files refused at upload: the turn explains them, even when it runs in another process. */
  refused: RefusedUpload[];
  /** Who runs the turn (one id per handling) and until when, unless renewed: a dead handler is replaced after that. */
  owner: string;
  leaseUntil: Date;
  at: Date;
}

/** A turn this handler now holds: run it, then settle it. */
export interface OwedTurn {
  activityId: string;
  conversationId: string;
  refused: RefusedUpload[];
  owner: string;
}

/**
 * Web chat turns owed to residents: a record is inserted, before the POST is answered, for each message accepted,
 * and deleted once its answer (or an honest "please send that again") is shown. A handler holds a short lease,
 * renewed while it works; a record whose lease ran out was left by a process that died, and whichever process
 * claims its takeover first (an insert, the one atomic step on FerretDB) runs the turn. The collection holds only
 * turns under way, so the sweep reads little.
 */
export class WebChatTurnsOwed {
  private readonly owed: Model<OwedDoc>;
  private readonly takeovers: InsertClaims;

  constructor(
    connection: Connection,
    readonly leaseMs = 3000,
  ) {
    const name = 'directLineTurnsOwed';
    this.owed =
      connection.models[name] ??
      connection.model<OwedDoc>(
        name,
        new Schema<OwedDoc>(
          { _id: String, conversationId: String, refused: Schema.Types.Mixed, owner: String, leaseUntil: Date, at: Date },
          { versionKey: false },
        ),
        name,
      );
    this.takeovers = new InsertClaims(connection, `${name}Takeovers`);
  }

  /** Records that this activity is owed an answer, held by a new handler (this process). */
  async owe(activityId: string, conversationId: string, refused: RefusedUpload[]): Promise<OwedTurn> {
    const owner = randomUUID();
    const now = new Date();
    await this.owed.create({ _id: activityId, conversationId, refused, owner, leaseUntil: this.leaseFrom(now), at: now });
    return { activityId, conversationId, refused, owner };
  }

  /** Owed turns whose handler stopped renewing its lease (it died), oldest first: candidates for takeOver. */
  async abandoned(conversationId?: string, limit = 50): Promise<string[]> {
    const now = Date.now();
    // The collection holds only turns under way: reading it whole is cheaper than a filter FerretDB would scan anyway.
    const docs = await this.owed.find({}, { _id: 1, conversationId: 1, leaseUntil: 1 }).limit(500).lean();
    return docs
      .filter((d) => d.leaseUntil.getTime() < now && (conversationId === undefined || d.conversationId === conversationId))
      .map((d) => d._id)
      .sort()
      .slice(0, limit);
  }

  /** Takes over an abandoned turn; undefined when it is settled, alive, or another process took it first. */
  async takeOver(activityId: string): Promise<OwedTurn | undefined> {
    const existing = await this.owed.findById(activityId).lean();
    if (!existing || existing.leaseUntil.getTime() >= Date.now()) return undefined;
    if (!(await this.takeovers.tryClaim(JSON.stringify([activityId, existing.owner, existing.leaseUntil.getTime()])))) return undefined;
    const owner = randomUUID();
    await this.owed.updateOne({ _id: activityId }, { $set: { owner, leaseUntil: this.leaseFrom(new Date()) } });
    return { activityId, conversationId: existing.conversationId, refused: existing.refused ?? [], owner };
  }

  /** Keeps the handler's lease alive while the turn runs; `lost` says another process took it over. */
  holdLease(turn: OwedTurn): LeaseRenewal {
    return new LeaseRenewal(async () => {
      if ((await this.owed.findById(turn.activityId, { owner: 1 }).lean())?.owner !== turn.owner) return false;
      await this.owed.updateOne({ _id: turn.activityId }, { $set: { leaseUntil: this.leaseFrom(new Date()) } });
      return true;
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
  }

  /** The answer is shown: nothing is owed any more. */
  async settle(activityId: string): Promise<void> {
    await this.owed.deleteOne({ _id: activityId });
  }

  /** Retention: takeover records of turns long settled. */
  async deleteClaimsBefore(cutoff: Date): Promise<number> {
    return this.takeovers.deleteBefore(cutoff);
  }

  private leaseFrom(at: Date): Date {
    return new Date(at.getTime() + this.leaseMs);
  }
}
