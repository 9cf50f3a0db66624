import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDatabase } from '../../db/EmbeddedDatabase';
import { loadModel } from '../../understanding/model/modelCache';
import { FERRETDB_BINARY, PROJECT_ROOT } from './paths';

/** One FerretDB for the whole run, in a temporary folder on a free port; each test file uses its own database. */
export default async function globalSetup(): Promise<void> {
  // Trained once here when the examples changed, so test files in parallel workers all read the cached model.
  loadModel({ contentRoot: PROJECT_ROOT, log: (message) => console.log(`\n${message}`) });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicline-test-db-'));
  const database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir });
  const uri = await database.start();
  process.env.CIVICLINE_TEST_MONGODB_URI = uri;
  (globalThis as { civicLineTestDatabase?: EmbeddedDatabase }).civicLineTestDatabase = database;
}
