import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicateKey';

interface ClientActivityDoc {
  /** "<conversationId>|<clientActivityID>": found by _id, the one index FerretDB uses. */
  _id: string;
  /** The stored activity's id, once it is stored. */
  activityId?: string;
  at: Date;
}

/**
 * Web Chat sends a message again, with the same `clientActivityID`, when its POST timed out: the first may have
 * been stored and answered. The first send of an id claims it by insert; a repeat gets the stored activity's id
 * (its answer is already on its way) instead of a second turn. A repeat that finds the claim without an activity
 * (the first send died between the claim and the store) is stored as a first send.
 */
export class ClientActivityIds {
  private readonly model: Model<ClientActivityDoc>;

  constructor(connection: Connection) {
    this.model =
      connection.models.directLineClientActivities ??
      connection.model<ClientActivityDoc>(
        'directLineClientActivities',
        new Schema<ClientActivityDoc>({ _id: String, activityId: String, at: Date }, { versionKey: false }),
        'directLineClientActivities',
      );
  }

  /** The id of the activity this client id was stored as, or undefined when it is new (and now claimed). */
  async claim(conversationId: string, clientActivityId: string): Promise<string | undefined> {
    const _id = `${conversationId}|${clientActivityId}`;
    try {
      await this.model.create({ _id, at: new Date() });
      return undefined;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return (await this.model.findById(_id, { activityId: 1 }).lean())?.activityId ?? undefined;
    }
  }

  async stored(conversationId: string, clientActivityId: string, activityId: string): Promise<void> {
    await this.model.updateOne({ _id: `${conversationId}|${clientActivityId}` }, { $set: { activityId } });
  }

  /** Retention: a client retries within a minute; a day later the record serves nobody. */
  async deleteBefore(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  }
}
