import { Connection, Model, Schema } from 'mongoose';
import { Twilio } from 'twilio';
import { isReachableNumber } from '../phoneNumbers';

interface LineTypeDoc {
  _id: string;
  type: string;
  checkedAt: Date;
}

/** Lookup's line types that receive texts; `landline`, `tollFree`, `pager`… do not. */
const TEXTABLE = new Set(['mobile', 'nonFixedVoip', 'fixedVoip', 'personal']);
/** Numbers are reassigned and ported rarely: a month-old answer is still good. */
export const KEEP_ANSWER_MS = 30 * 24 * 60 * 60 * 1000;

export interface TextReachabilityOptions {
  client: Twilio;
  connection: Connection;
  /** Off: every callable number is assumed to take texts (Twilio then reports the failures). */
  useLookup: boolean;
  log: (message: string, error?: unknown) => void;
  /**
   * How long a turn waits for Lookup (default 2 s): a caller is listening to silence meanwhile, and Twilio gives
   * a voice webhook 15 s in all. A slower answer is still kept for the next time.
   */
  waitMs?: number;
}

const DEFAULT_WAIT_MS = 2000;
const TOO_SLOW = Symbol('too slow');

/**
 * Whether a caller's number can take a text. A text to a landline is accepted by the API and then silently
 * undelivered, so "try and see" cannot tell; Twilio Lookup's line type can. Answers are kept in the database.
 */
export class TextReachability {
  private readonly lineTypes: Model<LineTypeDoc>;

  constructor(private readonly options: TextReachabilityOptions) {
    const schema = new Schema<LineTypeDoc>({ _id: String, type: String, checkedAt: Date }, { versionKey: false });
    this.lineTypes = options.connection.models.phoneLineTypes ?? options.connection.model<LineTypeDoc>('phoneLineTypes', schema, 'phoneLineTypes');
  }

  /** Deletes line types checked before the cutoff (numbers move between carriers and line types; see KEEP_ANSWER_MS). */
  async deleteCheckedBefore(cutoff: Date): Promise<number> {
    return (await this.lineTypes.deleteMany({ checkedAt: { $lt: cutoff } })).deletedCount;
  }

  async canText(phone: string): Promise<boolean> {
    if (!isReachableNumber(phone)) return false;
    if (!this.options.useLookup) return true;
    const known = await this.lineTypes.findById(phone).lean();
    if (known && Date.now() - known.checkedAt.getTime() < KEEP_ANSWER_MS) return isTextable(known.type);
    let timer: NodeJS.Timeout | undefined;
    const tooSlow = new Promise<typeof TOO_SLOW>((resolve) => (timer = setTimeout(() => resolve(TOO_SLOW), this.options.waitMs ?? DEFAULT_WAIT_MS)));
    const type = await Promise.race([this.lookUp(phone), tooSlow]).finally(() => clearTimeout(timer));
    if (type === TOO_SLOW) this.options.log('Twilio Lookup is slow; assuming the number takes texts');
    // Lookup slow, down or not enabled on the account: try the text rather than withhold it.
    return typeof type === 'string' ? isTextable(type) : true;
  }

  /** The number's line type, kept in the database; undefined when Lookup failed. */
  private async lookUp(phone: string): Promise<string | undefined> {
    try {
      const found = await this.options.client.lookups.v2.phoneNumbers(phone).fetch({ fields: 'line_type_intelligence' });
      const type = found.lineTypeIntelligence?.type ?? 'unknown';
      await this.lineTypes.updateOne({ _id: phone }, { $set: { type, checkedAt: new Date() } }, { upsert: true });
      return type;
    } catch (error) {
      this.options.log('Twilio Lookup failed; assuming the number takes texts', error);
      return undefined;
    }
  }
}

function isTextable(type: string): boolean {
  return type === 'unknown' || TEXTABLE.has(type);
}
