/**
 * Grouping decision time ("is this report an open case already?") with 100,000 open cases:
 *
 *   npx tsx scripts/bench-grouping.ts [--cases 100000] [--decisions 200]
 *
 * Runs on a fresh embedded FerretDB (the project's default database) in a temporary folder, or on MONGODB_URI
 * when set (use an empty database: the cases are inserted there). Prints one `BENCH_JSON {...}` line for tools.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { EmbeddedDatabase } from '../db/EmbeddedDatabase';
import { benchGrouping } from './bench/grouping';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicline-bench-grouping-'));
  const embedded = process.env.MONGODB_URI ? undefined : new EmbeddedDatabase({ binary: path.resolve(__dirname, '..', '.cache', 'ferretdb', 'ferretdb'), dataDir });
  const uri = process.env.MONGODB_URI ?? (await embedded!.start());
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    const result = await benchGrouping(connection, { cases: option('cases', 100_000), decisions: option('decisions', 200) });
    console.log(`${result.openCases} open cases (seeded in ${result.seedSeconds} s); ${result.decisions} grouping decisions, ${result.matched} found a case to offer`);
    console.log(`decision time: p50 ${result.decisionMs.p50} ms, p95 ${result.decisionMs.p95} ms, max ${result.decisionMs.max} ms`);
    console.log(`BENCH_JSON ${JSON.stringify(result)}`);
  } finally {
    await connection.close();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
