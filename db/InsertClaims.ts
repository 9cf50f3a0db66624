import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from './duplicateKey';

interface ClaimDoc {
  _id: string;
  at: Date;
}

/** Attempts before a leased claim is left alone: something is wrong beyond crashed holders. */
const MAX_GENERATIONS = 50;

/**
 * Claims decided by inserting a document keyed by the claim's id: on FerretDB (the default database) only an
 * insert with a unique key is atomic, so of several processes claiming one id exactly one succeeds.
 */
export class InsertClaims {
  private readonly claims: Model<ClaimDoc>;

  constructor(connection: Connection, collection: string) {
    this.claims =
      connection.models[collection] ??
      connection.model<ClaimDoc>(collection, new Schema<ClaimDoc>({ _id: String, at: Date }, { versionKey: false }), collection);
  }

  /** True when this caller now holds the claim on id, false when someone else already does. */
  async tryClaim(id: string): Promise<boolean> {
    try {
      await this.claims.create({ _id: id, at: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * Claims id for a holder that may crash: a claim older than leaseMs was left by a dead holder, and the next
   * generation of the id (id#1, id#2...) is then claimed the same way, by insert. Never deletes, so two claimers can
   * never both win one generation. True when this caller now holds it.
   */
  async tryClaimLeased(id: string, leaseMs: number): Promise<boolean> {
    let generation = 0;
    for (let tries = 0; tries < MAX_GENERATIONS; tries++) {
      const claimId = generation === 0 ? id : `${id}#${generation}`;
      if (await this.tryClaim(claimId)) return true;
      const takenAt = await this.claimedAt(claimId);
      if (takenAt && Date.now() - takenAt.getTime() < leaseMs) return false;
      // Expired: the next generation decides. Released meanwhile: this one is free again.
      if (takenAt) generation++;
    }
    return false;
  }

  /** When the current claim on id was taken (to judge a lease by), or undefined when nobody holds it. */
  async claimedAt(id: string): Promise<Date | undefined> {
    return (await this.claims.findById(id).lean())?.at;
  }

  /**
   * With claimedAt, only if the claim is still the one taken then. Atomic on MongoDB only: FerretDB runs a filtered
   * delete as a read, then a delete by _id.
   */
  async release(id: string, claimedAt?: Date): Promise<void> {
    await this.claims.deleteOne(claimedAt ? { _id: id, at: claimedAt } : { _id: id });
  }

  /** Retention: claims taken before the cutoff (their work is long settled). */
  async deleteBefore(cutoff: Date): Promise<number> {
    return (await this.claims.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  }
}
