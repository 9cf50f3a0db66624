import { Connection, Model, Schema } from 'mongoose';

interface OptOutDoc {
  _id: string;
  optedOutAt: Date;
}

/** Numbers that texted STOP: never texted again until they text START. Shared by every server process. */
export class OptOutRegistry {
  private readonly optOuts: Model<OptOutDoc>;

  constructor(connection: Connection) {
    const schema = new Schema<OptOutDoc>({ _id: String, optedOutAt: Date }, { versionKey: false });
    this.optOuts = connection.models.smsOptOuts ?? connection.model<OptOutDoc>('smsOptOuts', schema, 'smsOptOuts');
  }

  async optOut(phone: string): Promise<void> {
    await this.optOuts.updateOne({ _id: phone }, { $set: { optedOutAt: new Date() } }, { upsert: true });
  }

  async optIn(phone: string): Promise<void> {
    await this.optOuts.deleteOne({ _id: phone });
  }

  async isOptedOut(phone: string): Promise<boolean> {
    return (await this.optOuts.exists({ _id: phone })) !== null;
  }
}
