import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';

/** A code is good for this long after it was sent. */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;
/** A number proved once stays proved for the resident this long, so asking again needs no new code. */
export const VERIFIED_FOR_MS = 30 * 24 * 60 * 60 * 1000;
/** Wrong codes allowed: the third ends the attempt. */
export const MAX_WRONG_CODES = 3;
/** Codes per attempt: the first and one "send it again". */
export const MAX_CODE_SENDS = 2;
const CODE_DIGITS = 6;

interface VerificationDoc {
  _id: string;
  codeHash?: string;
  salt?: string;
  expiresAt?: Date;
  wrongTries: number;
  sends: number;
  verifiedUntil?: Date;
  updatedAt: Date;
}

export type CodeCheck = 'verified' | 'wrong' | 'expired' | 'exhausted';

/**
 * Proof that a resident can read texts sent to a number, before the city texts or calls it for them. Codes are
 * kept only as salted hashes, in the database (any process may take the answer); one document per resident and
 * number, written by that resident's turns.
 */
export class NumberVerifications {
  private readonly docs: Model<VerificationDoc>;

  constructor(
    connection: Connection,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const schema = new Schema<VerificationDoc>(
      { _id: String, codeHash: String, salt: String, expiresAt: Date, wrongTries: Number, sends: Number, verifiedUntil: Date, updatedAt: Date },
      { versionKey: false },
    );
    this.docs = connection.models.numberVerifications ?? connection.model<VerificationDoc>('numberVerifications', schema, 'numberVerifications');
  }

  async isVerified(owner: string, phone: string): Promise<boolean> {
    const doc = await this.docs.findById(idOf(owner, phone)).lean();
    return Boolean(doc?.verifiedUntil && doc.verifiedUntil.getTime() > this.clock().getTime());
  }

  /** A new attempt: a fresh code, with a fresh allowance of wrong tries and sends. */
  start(owner: string, phone: string): Promise<string> {
    return this.newCode(owner, phone, { wrongTries: 0, sends: 1 });
  }

  /** A new code may still be sent for this attempt. */
  async canResend(owner: string, phone: string): Promise<boolean> {
    const doc = await this.docs.findById(idOf(owner, phone)).lean();
    return Boolean(doc?.codeHash && doc.sends < MAX_CODE_SENDS && doc.wrongTries < MAX_WRONG_CODES);
  }

  /** "Send it again": a new code for the same attempt (the old one stops working); undefined once used up. */
  async resend(owner: string, phone: string): Promise<string | undefined> {
    const doc = await this.docs.findById(idOf(owner, phone)).lean();
    if (!doc?.codeHash || doc.sends >= MAX_CODE_SENDS || doc.wrongTries >= MAX_WRONG_CODES) return undefined;
    return this.newCode(owner, phone, { wrongTries: doc.wrongTries, sends: doc.sends + 1 });
  }

  async wrongTries(owner: string, phone: string): Promise<number> {
    return (await this.docs.findById(idOf(owner, phone)).lean())?.wrongTries ?? 0;
  }

  /** The code as typed (digits only); a right one proves the number, the last wrong one ends the attempt. */
  async check(owner: string, phone: string, typed: string): Promise<CodeCheck> {
    const _id = idOf(owner, phone);
    const doc = await this.docs.findById(_id).lean();
    const now = this.clock();
    if (!doc?.codeHash || !doc.salt || doc.wrongTries >= MAX_WRONG_CODES) return 'exhausted';
    if (!doc.expiresAt || doc.expiresAt.getTime() <= now.getTime()) return 'expired';
    if (safeEqual(doc.codeHash, hash(doc.salt, _id, typed))) {
      await this.docs.updateOne({ _id }, { $set: { verifiedUntil: new Date(now.getTime() + VERIFIED_FOR_MS), updatedAt: now }, $unset: { codeHash: 1, salt: 1, expiresAt: 1 } });
      return 'verified';
    }
    const wrongTries = doc.wrongTries + 1;
    const spent = wrongTries >= MAX_WRONG_CODES;
    await this.docs.updateOne({ _id }, spent ? { $set: { wrongTries, updatedAt: now }, $unset: { codeHash: 1, salt: 1, expiresAt: 1 } } : { $set: { wrongTries, updatedAt: now } });
    return spent ? 'exhausted' : 'wrong';
  }

  /** Deletes what has not changed since the cutoff: codes long expired, proofs that no longer count. */
  async deleteIdleBefore(cutoff: Date): Promise<number> {
    return (await this.docs.deleteMany({ updatedAt: { $lt: cutoff } })).deletedCount;
  }

  private async newCode(owner: string, phone: string, counts: { wrongTries: number; sends: number }): Promise<string> {
    const _id = idOf(owner, phone);
    const now = this.clock();
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const salt = randomBytes(16).toString('base64url');
    await this.docs.updateOne(
      { _id },
      { $set: { codeHash: hash(salt, _id, code), salt, expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS), ...counts, updatedAt: now } },
      { upsert: true },
    );
    return code;
  }
}

function idOf(owner: string, phone: string): string {
  return `${owner}|${phone}`;
}

function hash(salt: string, id: string, code: string): string {
  return createHmac('sha256', salt).update(`${id}:${code}`).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
