import { randomBytes } from 'node:crypto';

/** A database of its own for one test file (or one test), on the run's shared FerretDB. */
export function testDatabaseUri(label: string): string {
  const base = process.env.CIVICLINE_TEST_MONGODB_URI;
  if (!base) throw new Error('CIVICLINE_TEST_MONGODB_URI is not set: run the tests through jest (globalSetup starts FerretDB)');
  const name = `${label.replace(/[^a-z0-9]/gi, '_').slice(0, 30)}_${randomBytes(3).toString('hex')}`;
  return base.replace(/\/[^/]*$/, `/${name}`);
}
