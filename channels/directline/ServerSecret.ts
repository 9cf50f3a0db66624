import { Connection } from 'mongoose';
import { storedSecret } from '../../db/storedSecret';

/**
 * The secret that signs Direct Line tokens. An operator may set one (DIRECTLINE_SECRET); otherwise the first
 * process to start draws one and keeps it in the database, and every other process reads that same one. A
 * secret shipped in .env.example would be public, and anyone could forge tokens with it.
 */
export async function directLineSecret(connection: Connection, configured: string | undefined): Promise<string> {
  return configured ?? storedSecret(connection, 'directline');
}
