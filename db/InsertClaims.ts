import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from './duplicateKey';

interface ClaimDoc {
  _id: string;
  at: Date;
}

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
}
