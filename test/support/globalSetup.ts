import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDatabase } from '../../db/EmbeddedDatabase';
import { FERRETDB_BINARY } from './paths';

/** One FerretDB for the whole run, in a temporary folder on a free port; each test file uses its own database. */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicline-test-db-'));
  const database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir });
  const uri = await database.start();
  process.env.CIVICLINE_TEST_MONGODB_URI = uri;
  (globalThis as { civicLineTestDatabase?: EmbeddedDatabase }).civicLineTestDatabase = database;
}
