import { Connection, Model, Schema } from 'mongoose';
import { PERMIT_STEPS, PermitStatus, PermitStatusProvider } from './PermitStatusProvider';

interface PermitDoc extends PermitStatus {
  applicantPhone: string;
}

/** The built-in permit system: a permits collection, seeded with sample applications for a demo city. */
export class MongoPermitDirectory implements PermitStatusProvider {
  private readonly permits: Model<PermitDoc>;

  constructor(connection: Connection) {
    const schema = new Schema<PermitDoc>(
      {
        number: { type: String, required: true, unique: true },
        work: { type: String, required: true },
        address: { type: String, required: true },
        step: { type: String, enum: PERMIT_STEPS, required: true },
        stepChangedAt: { type: Date, required: true },
        expectedDecisionBy: Date,
        applicantPhone: { type: String, required: true, index: true },
      },
      { versionKey: false },
    );
    this.permits = connection.models.permits ?? connection.model<PermitDoc>('permits', schema, 'permits');
  }

  async findByNumber(number: string): Promise<PermitStatus | null> {
    return this.permits.findOne({ number }, { applicantPhone: 0, _id: 0 }).lean();
  }

  async listForApplicant(phone: string): Promise<PermitStatus[]> {
    return this.permits.find({ applicantPhone: phone }, { applicantPhone: 0, _id: 0 }).sort({ stepChangedAt: -1 }).lean();
  }

  /** Inserts the sample applications that are not there yet; never overwrites real data. */
  async seed(samples: PermitDoc[]): Promise<void> {
    for (const sample of samples) {
      await this.permits.updateOne({ number: sample.number }, { $setOnInsert: sample }, { upsert: true });
    }
  }
}

export type { PermitDoc };
