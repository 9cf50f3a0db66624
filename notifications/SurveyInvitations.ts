import { Connection, Model, Schema } from 'mongoose';

/** The satisfaction question last sent to one subscriber (`_id` "<channel>|<address>"). */
export interface SurveyInvitation {
  _id: string;
  caseNumber: string;
  askedAt: Date;
  /** The message that answered it (a retried turn with the same id answers the same way). */
  answeredBy?: string;
}

/**
 * Which case a subscriber was last asked to rate, and when: in the database, so a reply reaching any process
 * (or one after a restart) is read as the answer. One per subscriber: a newer question replaces an older one.
 */
export class SurveyInvitations {
  private readonly invitations: Model<SurveyInvitation>;

  constructor(connection: Connection) {
    this.invitations =
      connection.models.satisfactionSurveys ??
      connection.model<SurveyInvitation>(
        'satisfactionSurveys',
        new Schema<SurveyInvitation>({ _id: String, caseNumber: String, askedAt: Date, answeredBy: String }, { versionKey: false }),
        'satisfactionSurveys',
      );
  }

  /** Records the question as asked; asking again about the same case (a re-sent notice) changes nothing. */
  async asked(channel: string, address: string, caseNumber: string, at: Date): Promise<void> {
    const id = subscriberId(channel, address);
    const current = await this.invitations.findById(id).lean();
    if (current?.caseNumber === caseNumber) return;
    await this.invitations.replaceOne({ _id: id }, { caseNumber, askedAt: at }, { upsert: true });
  }

  async find(channel: string, address: string): Promise<SurveyInvitation | null> {
    return this.invitations.findById(subscriberId(channel, address)).lean();
  }

  async answered(channel: string, address: string, activityId: string): Promise<void> {
    await this.invitations.updateOne({ _id: subscriberId(channel, address) }, { $set: { answeredBy: activityId } });
  }
}

function subscriberId(channel: string, address: string): string {
  return `${channel}|${address}`;
}
