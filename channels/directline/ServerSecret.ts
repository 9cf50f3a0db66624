import { randomBytes } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicateKey';

interface SecretDoc {
  _id: string;
  value: string;
  createdAt: Date;
}

/**
 * The secret that signs Direct Line tokens. An operator may set one (DIRECTLINE_SECRET); otherwise the first
 * process to start draws one and keeps it in the database, and every other process reads that same one. A
 * secret shipped in .env.example would be public, and anyone could forge tokens with it.
 */
export async function directLineSecret(connection: Connection, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const secrets: Model<SecretDoc> =
    connection.models.serverSecrets ??
    connection.model<SecretDoc>('serverSecrets', new Schema<SecretDoc>({ _id: String, value: String, createdAt: Date }, { versionKey: false }), 'serverSecrets');
  const id = 'directline';
  try {
    // Inserting is the one atomic choice on FerretDB: of processes starting together, exactly one secret wins.
    await secrets.create({ _id: id, value: randomBytes(32).toString('base64url'), createdAt: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const kept = await secrets.findById(id).lean();
  if (!kept) throw new Error('The Direct Line secret vanished from the database right after it was stored');
  return kept.value;
}
