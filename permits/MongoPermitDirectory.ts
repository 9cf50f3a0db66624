import { Connection, Model, Schema } from 'mongoose';
import { PERMIT_STEPS, PermitStatus, PermitStatusProvider, normalisePostalCode } from './PermitStatusProvider';

interface PermitDoc extends PermitStatus {
  applicantPhone: string;
  /** Of the property, as on the application: the second fact a stranger to the application would not know. */
  postalCode: string;
}

/** What is shown of an application: never who applied. */
const SHOWN = { applicantPhone: 0, postalCode: 0, _id: 0 };

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
        postalCode: { type: String, required: true },
      },
      { versionKey: false },
    );
    this.permits = connection.models.permits ?? connection.model<PermitDoc>('permits', schema, 'permits');
  }

  async findForApplicant(number: string, phone: string): Promise<PermitStatus | null> {
    return this.permits.findOne({ number, applicantPhone: phone }, SHOWN).lean();
  }

  async findWithPostalCode(number: string, postalCode: string): Promise<PermitStatus | null> {
    const normalised = normalisePostalCode(postalCode);
    return normalised ? this.permits.findOne({ number, postalCode: normalised }, SHOWN).lean() : null;
  }

  async listForApplicant(phone: string): Promise<PermitStatus[]> {
    return this.permits.find({ applicantPhone: phone }, SHOWN).sort({ stepChangedAt: -1 }).lean();
  }

  /** Inserts the sample applications that are not there yet; never overwrites real data. */
  async seed(samples: PermitDoc[]): Promise<void> {
    for (const sample of samples) {
      await this.permits.updateOne({ number: sample.number }, { $setOnInsert: sample }, { upsert: true });
    }
  }
}

export type { PermitDoc };
