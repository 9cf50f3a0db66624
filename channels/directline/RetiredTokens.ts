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

  async retire(grant: VerifiedGrant, retiresAt: Date): Promise<void> {
    try {
      await this.model.create({ _id: grant.tokenId, retiresAt, expiresAt: new Date(grant.expiresAt) });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async isRetired(grant: VerifiedGrant, now = new Date()): Promise<boolean> {
    const found = await this.model.findById(grant.tokenId).lean();
    return found !== null && found.retiresAt.getTime() <= now.getTime();
  }

  /** Records of tokens expired before the cutoff: an expired token is refused by its signature check anyway. */
  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ expiresAt: { $lt: cutoff } })).deletedCount;
  }
}
