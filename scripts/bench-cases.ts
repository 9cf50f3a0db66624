/**
 * Staff case list benchmark: seeds N cases (default 100,000) into a scratch embedded database (FerretDB, or
 * MONGODB_URI), starts the real server on it, and times the staff case API over HTTP, per filter kind (p50/p95).
 * Prints a table, then one `BENCH_JSON {...}` line for tools.
 *
 *   npm run bench:cases
 *   npm run bench:cases -- --cases 20000 --runs 10
 *
 * Only 127.0.0.1 is contacted. The server's Twilio client points at a local sink (nothing should be sent).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { CATEGORY_IDS, getCategory } from '../cases/categories';
import { STATUS_CODES } from '../cases/statuses';
import { EmbeddedDatabase, freePort } from '../db/EmbeddedDatabase';
import { killLeftovers, startServer, stopProcess, waitUntilHealthy } from './bench/serverUnderTest';
import { startRestSink } from './bench/twilioSink';

const ROOT = path.resolve(__dirname, '..');
const SUPERVISOR = 'bench-supervisor-token-0123456789';
const AGENT = 'bench-agent-token-0123456789';
const DAY = 24 * 3600 * 1000;
const STREETS = ['Oak St', 'Main St', 'King St', 'Elm St', 'Mill St', 'Queen St', 'Pine Ave', 'Lakeshore Rd', 'Church St', 'Maple Dr'];
const WORDS = ['deep hole', 'light out', 'car with no plates', 'tags on the wall', 'bins not picked up', 'branch down', 'water running', 'loud music'];

interface Row {
  kind: string;
  query: string;
  p50: number;
  p95: number;
  rows: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } } });
  const total = Number(values.cases);
  const runs = Number(values.runs);
  const external = process.env.MONGODB_URI;
  if (!external) spawnSync('bash', ['scripts/ensure-ferretdb.sh'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicline-bench-cases-'));
  const database = external ? undefined : new EmbeddedDatabase({ binary: path.join(ROOT, '.cache', 'ferretdb', 'ferretdb'), dataDir });
  const mongodbUri = external ?? (await database!.start());
  const sink = await startRestSink();
  const connection = await mongoose.createConnection(mongodbUri).asPromise();
  const childPids = new Set<number>();
  let server: ReturnType<typeof startServer> | undefined;
  try {
    const seedStarted = performance.now();
    await seed(connection, total);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.error(`Seeded ${total} cases in ${seedSeconds.toFixed(1)} s`);

    server = startServer({
      port: await freePort(),
      dataDir,
      mongodbUri,
      twilioApiBaseUrl: sink.url,
      run: 'tsx',
      env: {
        STAFF_API_TOKENS: `supervisor:sam:${SUPERVISOR},agent:ann:${AGENT}`,
        STAFF_QUEUES: 'ann:roads',
        STAFF_RATE_LIMIT_PER_MINUTE: '100000',
        SEED_SAMPLE_DATA: 'false',
      },
    });
    childPids.add(server.pid);
    await waitUntilHealthy(server);
    const base = server.baseUrl;
    const get = async (route: string, token = SUPERVISOR) => {
      const response = await fetch(`${base}${route}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { cases?: unknown[]; nextCursor?: string | null; error?: string };
      if (!response.ok) throw new Error(`${route}: HTTP ${response.status} ${body.error ?? ''}`);
      return body;
    };
    const secondPage = (await get('/api/staff/cases?limit=25')).nextCursor;
    const someCase = String(10_000_000 + Math.floor(total / 2));
    const kinds: [string, string, string?][] = [
      ['first page (priority)', '/api/staff/cases'],
      ['next page (cursor)', `/api/staff/cases?cursor=${secondPage}`],
      ['status', '/api/staff/cases?status=in_progress'],
      ['category', '/api/staff/cases?category=abandoned_vehicle'],
      ['queue', '/api/staff/cases?queue=bylaw'],
      ['agent (own queues)', '/api/staff/cases', AGENT],
      ['overdue', '/api/staff/cases?overdue=true'],
      ['reporters >= 3', '/api/staff/cases?minReporters=3'],
      ['text', '/api/staff/cases?text=no%20plates'],
      ['bbox', '/api/staff/cases?bbox=-79.45,43.65,-79.40,43.70'],
      ['near 250 m', '/api/staff/cases?near=43.7,-79.4&radius=250'],
      ['sort created', '/api/staff/cases?sort=created'],
      ['sort updated', '/api/staff/cases?sort=updated'],
      ['sort expectedBy', '/api/staff/cases?sort=expectedBy&status=received,assigned'],
      ['status+category+text', '/api/staff/cases?status=received&category=pothole&text=oak'],
      ['one case (detail)', `/api/staff/cases/${someCase}`],
    ];
    const rows: Row[] = [];
    for (const [kind, route, token] of kinds) {
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const body = await get(route, token);
        times.push(performance.now() - started);
        count = body.cases?.length ?? 1;
      }
      times.sort((a, b) => a - b);
      rows.push({ kind, query: route.replace('/api/staff/cases', '') || '(none)', p50: pct(times, 0.5), p95: pct(times, 0.95), rows: count });
      console.error(`  ${kind}: p50 ${pct(times, 0.5).toFixed(0)} ms`);
    }
    print(total, seedSeconds, runs, rows);
    return 0;
  } finally {
    if (server) await stopProcess(server.child);
    killLeftovers(childPids, dataDir);
    await connection.close();
    await sink.close();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function print(total: number, seedSeconds: number, runs: number, rows: Row[]): void {
  console.log(`\nStaff case list on ${total.toLocaleString('en')} cases (${runs} runs each, sequential, through HTTP)\n`);
  console.log(`${'kind'.padEnd(24)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'rows'.padStart(6)}  query`);
  for (const r of rows) console.log(`${r.kind.padEnd(24)}${r.p50.toFixed(0).padStart(9)}${r.p95.toFixed(0).padStart(9)}${String(r.rows).padStart(6)}  ${r.query}`);
  // Measured by the grouping and forwarding parts of the back office when they land; kept here so one bench tells all.
  console.log(`${'grouping decision time'.padEnd(24)}${'-'.padStart(9)}${'-'.padStart(9)}${''.padStart(6)}  (not measured yet)`);
  console.log(`${'notifications per second'.padEnd(24)}${'-'.padStart(9)}${'-'.padStart(9)}${''.padStart(6)}  (not measured yet)`);
  console.log(`\nSeeding took ${seedSeconds.toFixed(1)} s.`);
  console.log(`BENCH_JSON ${JSON.stringify({ bench: 'cases', cases: total, runs, seedSeconds, list: rows, groupingDecisionMs: null, notificationsPerSecond: null })}`);
}

/** Cases shaped as CaseService writes them, spread over the town, categories, statuses and ages. */
async function seed(connection: mongoose.Connection, total: number): Promise<void> {
  const collection = connection.collection('cases');
  const now = Date.now();
  const batch = 1000;
  for (let start = 0; start < total; start += batch) {
    const docs = [];
    for (let i = start; i < Math.min(total, start + batch); i++) {
      const number = String(10_000_000 + i);
      const category = getCategory(CATEGORY_IDS[i % CATEGORY_IDS.length]);
      const created = new Date(now - (i % 365) * DAY - (i % 1440) * 60_000);
      const status = STATUS_CODES[(i + Math.floor(i / 13)) % STATUS_CODES.length];
      const reporters = 1 + (i % 11 === 0 ? 4 : i % 3 === 0 ? 1 : 0);
      const street = STREETS[i % STREETS.length];
      const description = `${WORDS[i % WORDS.length]} near ${street} (${i})`;
      const at = created;
      const reporter = (k: number) => ({ channel: 'sms', address: `+1289${String(5_000_000 + ((i * 5 + k) % 5_000_000)).padStart(7, '0')}`, locale: 'en', conversation: { conversation: { id: `c${i}-${k}` } }, reportedAt: at });
      docs.push({
        _id: number,
        number,
        category: category.id,
        queue: category.queue,
        severity: category.baseSeverity,
        location: { text: `${1 + (i % 300)} ${street}`, kind: 'address', street, number: String(1 + (i % 300)), lat: 43.6 + ((i * 7919) % 3000) / 10000, lng: -79.6 + ((i * 104729) % 4000) / 10000, known: true },
        description,
        photos: [],
        reporters: Array.from({ length: reporters }, (_v, k) => reporter(k)),
        status,
        statusChangedAt: created,
        expectedBy: new Date(created.getTime() + category.targetDays * DAY),
        history: [{ status: 'received', at: created }, ...(status === 'received' ? [] : [{ status, at: created, by: 'sam' }])],
        evidence: Array.from({ length: reporters }, () => ({ description, photos: [], channel: 'sms', locale: 'en', reportedAt: at })),
        reporterCount: reporters,
        priority: Math.max(1, category.baseSeverity - (reporters >= 5 ? 1 : 0)),
        notes: [],
        audit: [{ at: created, by: 'resident', action: 'open' }],
        satisfaction: [],
        revision: status === 'received' ? 0 : 1,
        submissionKey: `bench-${i}`,
        createdAt: created,
        updatedAt: new Date(created.getTime() + (i % 50) * 60_000),
      });
    }
    await collection.insertMany(docs as never[], { ordered: false });
    if ((start / batch) % 10 === 0) console.error(`  seeded ${Math.min(total, start + batch)}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
