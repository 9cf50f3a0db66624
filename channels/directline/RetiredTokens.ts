import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicateKey';
import { VerifiedGrant } from './DirectLineTokens';

interface RetiredTokenDoc {
  /** The token's jti. */
  _id: string;
  /** From then on the token opens nothing. */
  retiresAt: Date;
  /** When it would have expired anyway: the record can go then. */
  expiresAt: Date;
}

/**
 * Tokens that were replaced (refreshed) or given up (the resident forgot this device). Kept in the database so
 * that every process refuses them; looked up by _id only. The first retirement stands: refreshing an old token
 * again does not push its end back.
 */
export class RetiredTokens {
  private readonly model: Model<RetiredTokenDoc>;

  constructor(connection: Connection) {
    this.model =
      connection.models.retiredDirectLineTokens ??
      connection.model<RetiredTokenDoc>(
        'retiredDirectLineTokens',
        new Schema<RetiredTokenDoc>({ _id: String, retiresAt: Date, expiresAt: Date }, { versionKey: false }),
        'retiredDirectLineTokens',
      );
  }

  /** Retires a token; false when it was retired already (then the first retirement stands). */
  async retire(grant: VerifiedGrant, retiresAt: Date): Promise<boolean> {
    try {
      await this.model.create({ _id: grant.tokenId, retiresAt, expiresAt: new Date(grant.expiresAt) });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
  }

  /**
   * Every token of this web user issued until now stops working at once ("forget me on this device"): the record
   * lasts as long as such a token could.
   */
  async retireUser(userId: string, now: Date, lifetimeMs: number): Promise<void> {
    await this.model.updateOne({ _id: userKey(userId) }, { $set: { retiresAt: now, expiresAt: new Date(now.getTime() + lifetimeMs) } }, { upsert: true });
  }

  /** Retired itself, or issued to a web user who was forgotten after it was issued. */
  async isRetired(grant: VerifiedGrant, issuedAt: Date, now = new Date()): Promise<boolean> {
    const found = await this.model.find({ _id: { $in: [grant.tokenId, userKey(grant.userId)] } }).lean();
    return found.some((record) =>
      record._id === grant.tokenId ? record.retiresAt.getTime() <= now.getTime() : issuedAt.getTime() <= record.retiresAt.getTime(),
    );
  }

  /** Records of tokens expired before the cutoff: an expired token is refused by its signature check anyway. */
  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ expiresAt: { $lt: cutoff } })).deletedCount;
  }
}

function userKey(userId: string): string {
  return `user:${userId}`;
}
