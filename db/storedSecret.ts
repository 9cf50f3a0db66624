import { randomBytes } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from './duplicateKey';

interface SecretDoc {
  _id: string;
  value: string;
  createdAt: Date;
}

/**
 * A server secret by name, drawn by the first process that needs it and kept in the database (collection
 * serverSecrets, as the Direct Line secret is), so every process signs and checks with the same one and none
 * ships in .env.example.
 */
export async function storedSecret(connection: Connection, name: string): Promise<string> {
  const secrets: Model<SecretDoc> =
    connection.models.serverSecrets ??
    connection.model<SecretDoc>('serverSecrets', new Schema<SecretDoc>({ _id: String, value: String, createdAt: Date }, { versionKey: false }), 'serverSecrets');
  try {
    // Inserting is the one atomic choice on FerretDB: of processes starting together, exactly one secret wins.
    await secrets.create({ _id: name, value: randomBytes(32).toString('base64url'), createdAt: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const kept = await secrets.findById(name).lean();
  if (!kept) throw new Error(`The ${name} secret vanished from the database right after it was stored`);
  return kept.value;
}
