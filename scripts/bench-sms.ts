/**
 * SMS load benchmark: builds and starts the real server (node dist/server.js) on a fresh embedded database,
 * then has simulated residents each complete a full report conversation over signed Twilio webhooks.
 * Prints turn latencies, throughput and the server's peak memory, plus one `BENCH_JSON {...}` line for tools.
 *
 *   npm run bench:sms
 *   npm run bench:sms -- --residents 200 --concurrency 20 --timeout-s 600
 *
 * Only 127.0.0.1 is ever contacted: the server's Twilio REST client is pointed at a local sink that counts
 * calls (a webhook turn answers in TwiML, so there should be none). Set MONGODB_URI to bench another database.
 * Exits non-zero when any conversation did not end with a case number.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sendSms, SignedSmsOptions } from './smsClient';

const ROOT = path.resolve(__dirname, '..');
const HOST = '127.0.0.1';
const CITY_NUMBER = '+15555550100';
const AUTH_TOKEN = 'bench-auth-token-0123456789';
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const SAMPLE_EVERY_MS = 100;
/** Residents are +1289555xxxx: four digits to number them. */
const MAX_RESIDENTS = 10_000;

// ---------------------------------------------------------------------------------------------- options

interface BenchOptions {
  residents: number;
  concurrency: number;
  /** The whole conversation phase stops here; residents not finished by then count as failed. */
  timeoutMs: number;
  /** One webhook request taking longer than this is a failed turn. */
  turnTimeoutMs: number;
  /** Caller's MONGODB_URI; unset means the embedded FerretDB in a temporary folder. */
  mongodbUri?: string;
}

function readOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      residents: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '20' },
      'timeout-s': { type: 'string', default: '600' },
      'turn-timeout-s': { type: 'string', default: '30' },
    },
    strict: true,
  });
  return {
    residents: positiveInt('residents', values.residents, MAX_RESIDENTS),
    concurrency: positiveInt('concurrency', values.concurrency, 1000),
    timeoutMs: positiveInt('timeout-s', values['timeout-s'], 86_400) * 1000,
    turnTimeoutMs: positiveInt('turn-timeout-s', values['turn-timeout-s'], 3600) * 1000,
    mongodbUri: process.env.MONGODB_URI || undefined,
  };
}

function positiveInt(name: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} must be a whole number from 1 to ${max} (got "${raw}")`);
  return value;
}

// ---------------------------------------------------------------------------------------------- build

function run(command: string, args: string[]): void {
  console.error(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function build(usesEmbeddedDatabase: boolean): void {
  if (usesEmbeddedDatabase) run('bash', ['scripts/ensure-ferretdb.sh']);
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
}

// ---------------------------------------------------------------------------------------------- local Twilio REST sink

interface RestSink {
  url: string;
  calls(): number;
  close(): Promise<void>;
}

/** Stands in for api.twilio.com so a proactive send (unexpected here) is counted instead of leaving the machine. */
function startRestSink(): Promise<RestSink> {
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls++;
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ sid: 'SM' + randomBytes(16).toString('hex'), status: 'queued' }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        url: `http://${HOST}:${port}`,
        calls: () => calls,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------- the server under test

interface ServerProcess {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** The last lines the server wrote, for diagnosis. */
  logTail(): string[];
  /** Lines the server wrote to stderr (its logger's errors). */
  errorLines(): number;
  /** How the server ended, when it did ("code 1", "signal SIGTERM"); null while it runs. */
  exit(): string | null;
}

interface ServerSettings {
  port: number;
  dataDir: string;
  mongodbUri?: string;
  twilioApiBaseUrl: string;
}

/** Every setting is passed explicitly: server.ts loads .env, but variables already set win over it. */
function serverEnv(settings: ServerSettings): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(settings.port),
    PUBLIC_BASE_URL: `http://${HOST}:${settings.port}`,
    MONGODB_URI: settings.mongodbUri ?? '',
    FERRETDB_DATA_DIR: settings.dataDir,
    FERRETDB_BIN: path.join(ROOT, '.cache', 'ferretdb', 'ferretdb'),
    TWILIO_ACCOUNT_SID: 'AC' + randomBytes(16).toString('hex'),
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_PHONE_NUMBER: CITY_NUMBER,
    TWILIO_API_BASE_URL: settings.twilioApiBaseUrl,
    DEFAULT_LOCALE: 'en',
    CITY_TIMEZONE: 'America/Toronto',
  };
}

function startServer(settings: ServerSettings): ServerProcess {
  const child = spawn(process.execPath, ['dist/server.js'], { cwd: ROOT, env: serverEnv(settings), stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('Could not start node dist/server.js');
  const tail: string[] = [];
  let errorLines = 0;
  const keep = (chunk: Buffer, isError: boolean) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      if (isError) errorLines++;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  let exit: string | null = null;
  child.once('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `code ${code}`;
  });
  child.on('error', (error) => keep(Buffer.from(String(error)), true));
  child.stdout?.on('data', (chunk: Buffer) => keep(chunk, false));
  child.stderr?.on('data', (chunk: Buffer) => keep(chunk, true));
  return { child, pid: child.pid, baseUrl: `http://${HOST}:${settings.port}`, logTail: () => [...tail], errorLines: () => errorLines, exit: () => exit };
}

async function waitUntilHealthy(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`The server exited at start (code ${server.child.exitCode})`);
    try {
      const response = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`GET /healthz did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

/** SIGTERM, then SIGKILL after the grace period. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** The embedded FerretDB is the server's child: if the server was killed, end it too (found by its data folder). */
function killLeftovers(pids: Iterable<number>, marker: string): void {
  for (const pid of pids) {
    const cmdline = readProc(`/proc/${pid}/cmdline`);
    if (!cmdline?.includes(marker)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

// ---------------------------------------------------------------------------------------------- memory

interface MemoryReport {
  /** Highest VmRSS of the node server seen by sampling, in MB; null where /proc is not available. */
  serverPeakRssMb: number | null;
  /** The kernel's high-water mark of the node server's RSS (VmHWM), in MB. */
  serverVmHwmMb: number | null;
  /** Highest summed VmRSS of the server's child processes (the embedded FerretDB), in MB. */
  databasePeakRssMb: number | null;
  samples: number;
}

interface MemorySampler {
  /** Stops sampling and reads VmHWM: call while the server is still running. */
  finish(): MemoryReport;
}

/** Samples the server's memory; every child process seen is added to childPids, to clean up after a hard kill. */
function startMemorySampler(pid: number, childPids: Set<number>): MemorySampler {
  let serverPeakKb: number | null = null;
  let databasePeakKb: number | null = null;
  let samples = 0;
  const sample = () => {
    const rss = statusField(pid, 'VmRSS');
    if (rss === null) return;
    samples++;
    serverPeakKb = Math.max(serverPeakKb ?? 0, rss);
    const children = childrenOf(pid);
    children.forEach((child) => childPids.add(child));
    if (children.length > 0) {
      const total = children.reduce((sum, child) => sum + (statusField(child, 'VmRSS') ?? 0), 0);
      databasePeakKb = Math.max(databasePeakKb ?? 0, total);
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    finish: () => {
      clearInterval(timer);
      sample();
      return { serverPeakRssMb: toMb(serverPeakKb), serverVmHwmMb: toMb(statusField(pid, 'VmHWM')), databasePeakRssMb: toMb(databasePeakKb), samples };
    },
  };
}

/** A "kB" line of /proc/<pid>/status, or null. */
function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readProc(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) : null;
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const pids = tasks.flatMap((task) => (readProc(`/proc/${pid}/task/${task}/children`) ?? '').split(' ').filter(Boolean).map(Number));
  return [...new Set(pids)];
}

function readProc(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function toMb(kb: number | null): number | null {
  return kb === null ? null : round(kb / 1024, 1);
}

// ---------------------------------------------------------------------------------------------- CPU

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every common platform). */
const CLOCK_TICKS_PER_SECOND = 100;

interface CpuSnapshot {
  server: number;
  database: number;
}

interface CpuReport {
  /** CPU seconds (user + system) used during the conversations, by the node server and by its children. */
  serverSeconds: number | null;
  databaseSeconds: number | null;
  /** Share of the machine's CPUs both used together over the wall time, in percent. */
  machinePercent: number | null;
}

function cpuSnapshot(pid: number): CpuSnapshot | null {
  const server = cpuSecondsOf(pid);
  if (server === null) return null;
  return { server, database: childrenOf(pid).reduce((sum, child) => sum + (cpuSecondsOf(child) ?? 0), 0) };
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15; the command name before them may hold spaces). */
function cpuSecondsOf(pid: number): number | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function cpuReport(before: CpuSnapshot | null, after: CpuSnapshot | null, wallMs: number): CpuReport {
  if (!before || !after) return { serverSeconds: null, databaseSeconds: null, machinePercent: null };
  const server = after.server - before.server;
  const database = after.database - before.database;
  return {
    serverSeconds: round(server, 2),
    databaseSeconds: round(database, 2),
    machinePercent: round(((server + database) / (wallMs / 1000) / os.cpus().length) * 100, 0),
  };
}

// ---------------------------------------------------------------------------------------------- conversations

interface Scenario {
  /** The first text: names the problem but neither where nor any details, so all three questions follow. */
  opening: string;
  /** How the summary names the category (locales/en/translation.json). */
  categoryName: string;
  details: string;
}

const SCENARIOS: Scenario[] = [
  { opening: "there's a streetlight out", categoryName: 'Streetlight out', details: 'it has been dark for a week, kids walk here' },
  { opening: "there's a pothole", categoryName: 'Pothole', details: 'deep enough to blow a tire, cars swerve around it' },
  { opening: "garbage wasn't picked up", categoryName: 'Missed garbage, recycling or green bin', details: 'the whole street was skipped on Tuesday morning' },
  { opening: 'traffic light broken', categoryName: 'Traffic signal problem', details: 'stuck on red in every direction since this morning' },
  { opening: 'fallen tree branch', categoryName: 'Tree on town property', details: 'a big limb came down in the storm last night' },
];

interface Turn {
  text: string;
  /** What the reply must contain for the conversation to be on track. */
  expect: RegExp;
}

function conversationFor(resident: number): Turn[] {
  const scenario = SCENARIOS[resident % SCENARIOS.length];
  const address = `${resident + 1} Main St`;
  return [
    { text: scenario.opening, expect: /Where is it\?/ },
    { text: address, expect: /describe the problem/ },
    { text: scenario.details, expect: new RegExp(`${escapeRegExp(scenario.categoryName)} at ${address}`) },
    { text: 'yes', expect: /case number is \d{8}\b/ },
  ];
}

function phoneOf(resident: number): string {
  return `+1289555${String(resident).padStart(4, '0')}`;
}

interface TurnSample {
  step: number;
  ms: number;
}

interface ResidentResult {
  ok: boolean;
  turns: TurnSample[];
  /** Why the conversation failed, e.g. "turn 3: unexpected reply ...". */
  error?: string;
}

interface RunContext {
  baseUrl: string;
  deadline: number;
  turnTimeoutMs: number;
}

async function runResident(resident: number, ctx: RunContext): Promise<ResidentResult> {
  const sms: SignedSmsOptions = { webhookUrl: `${ctx.baseUrl}/twilio/sms`, authToken: AUTH_TOKEN, from: phoneOf(resident), to: CITY_NUMBER };
  const turns: TurnSample[] = [];
  for (const [step, turn] of conversationFor(resident).entries()) {
    const remaining = ctx.deadline - Date.now();
    if (remaining <= 0) return { ok: false, turns, error: `turn ${step + 1}: run time limit reached` };
    const limit = remaining < ctx.turnTimeoutMs ? 'run time limit reached' : `no answer within ${ctx.turnTimeoutMs} ms`;
    const started = performance.now();
    try {
      const reply = await withTimeout(sendSms(sms, turn.text), Math.min(ctx.turnTimeoutMs, remaining), limit);
      turns.push({ step, ms: performance.now() - started });
      const text = reply.replies.join('\n\n');
      if (reply.status !== 200) return { ok: false, turns, error: `turn ${step + 1}: HTTP ${reply.status}` };
      if (!turn.expect.test(text)) return { ok: false, turns, error: `turn ${step + 1}: expected ${turn.expect}, got ${JSON.stringify(text.slice(0, 160))}` };
    } catch (error) {
      return { ok: false, turns, error: `turn ${step + 1}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return { ok: true, turns };
}

/** Runs task(0..count-1) with at most `concurrency` at once; none starts after the deadline. */
async function runPool<T>(count: number, concurrency: number, deadline: number, task: (index: number) => Promise<T>): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array<T | undefined>(count).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < count && Date.now() < deadline) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------- results

interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface BenchResult {
  node: string;
  residents: number;
  concurrency: number;
  completed: number;
  failed: number;
  notStarted: number;
  turns: number;
  /** A conversation stops at its first failed turn, so this is also the number of failed conversations. */
  turnErrors: number;
  wallSeconds: number;
  turnsPerSecond: number;
  latencyMs: Latency;
  /** Latency by turn: 1 opening, 2 location, 3 details, 4 YES (the case is opened). */
  latencyMsByTurn: Latency[];
  memory: MemoryReport;
  cpu: CpuReport;
  serverErrorLines: number;
  /** Set when the server ended before the benchmark stopped it: the numbers are then not trustworthy. */
  serverExitedEarly: string | null;
  twilioRestCalls: number;
  database: 'embedded FerretDB' | 'MONGODB_URI';
  timedOut: boolean;
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function latencyOf(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50), 1),
    p95: round(percentile(sorted, 95), 1),
    p99: round(percentile(sorted, 99), 1),
    max: round(sorted[sorted.length - 1] ?? 0, 1),
  };
}

function summarise(results: (ResidentResult | undefined)[], wallMs: number, timedOut: boolean, options: BenchOptions): Omit<BenchResult, 'memory' | 'cpu' | 'serverErrorLines' | 'serverExitedEarly' | 'twilioRestCalls'> {
  const ran = results.filter((r): r is ResidentResult => r !== undefined);
  const samples = ran.flatMap((r) => r.turns);
  const steps = conversationFor(0).length;
  return {
    node: process.version,
    residents: options.residents,
    concurrency: options.concurrency,
    completed: ran.filter((r) => r.ok).length,
    failed: ran.filter((r) => !r.ok).length,
    notStarted: results.length - ran.length,
    turns: samples.length,
    turnErrors: ran.filter((r) => !r.ok).length,
    wallSeconds: round(wallMs / 1000, 2),
    turnsPerSecond: round(samples.length / (wallMs / 1000), 1),
    latencyMs: latencyOf(samples.map((s) => s.ms)),
    latencyMsByTurn: Array.from({ length: steps }, (_, step) => latencyOf(samples.filter((s) => s.step === step).map((s) => s.ms))),
    database: options.mongodbUri ? 'MONGODB_URI' : 'embedded FerretDB',
    timedOut,
  };
}

function printResult(result: BenchResult, failures: string[]): void {
  const mb = (value: number | null) => (value === null ? 'n/a' : `${value} MB`);
  const cpu = result.cpu;
  const ms = (l: Latency) => (l.count === 0 ? 'no answers' : `p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max} ms`);
  const lines = [
    '',
    '=== CivicLine SMS benchmark ===',
    `node                ${result.node} (${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs)`,
    `database            ${result.database}`,
    `residents           ${result.residents} (concurrency ${result.concurrency})`,
    `conversations       ${result.completed} completed, ${result.failed} failed, ${result.notStarted} not started${result.timedOut ? ' (time limit hit)' : ''}`,
    `turns               ${result.turns} (${result.turnErrors} errors)`,
    `wall time           ${result.wallSeconds} s`,
    `throughput          ${result.turnsPerSecond} turns/s`,
    `turn latency        ${ms(result.latencyMs)}`,
    ...result.latencyMsByTurn.map((l, i) => `  turn ${i + 1}            ${ms(l)}`),
    `server peak RSS     ${mb(result.memory.serverPeakRssMb)} sampled every ${SAMPLE_EVERY_MS} ms (${result.memory.samples} samples), VmHWM ${mb(result.memory.serverVmHwmMb)}`,
    `database peak RSS   ${mb(result.memory.databasePeakRssMb)}`,
    `CPU during run      server ${cpu.serverSeconds ?? 'n/a'} s, database ${cpu.databaseSeconds ?? 'n/a'} s (${cpu.machinePercent ?? 'n/a'}% of ${os.cpus().length} CPUs)`,
    `server error lines  ${result.serverErrorLines}`,
    `Twilio REST calls   ${result.twilioRestCalls}`,
  ];
  if (result.serverExitedEarly) lines.push(`WARNING: the server exited during the run (${result.serverExitedEarly}); these numbers are not valid`);
  if (failures.length > 0) lines.push('first failures:', ...failures.slice(0, 5).map((f) => `  ${f}`));
  console.log(lines.join('\n'));
  console.log(`BENCH_JSON ${JSON.stringify(result)}`);
}

// ---------------------------------------------------------------------------------------------- helpers

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  build(!options.mongodbUri);
  if (!existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing after the build');

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicline-bench-db-'));
  const sink = await startRestSink();
  let server: ServerProcess | undefined;
  let sampler: MemorySampler | undefined;
  const childPids = new Set<number>();
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      sampler?.finish();
      if (server) await stopProcess(server.child);
      killLeftovers(childPids, dataDir);
      await sink.close();
      rmSync(dataDir, { recursive: true, force: true });
    })());
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = startServer({ port: await freePort(), dataDir, mongodbUri: options.mongodbUri, twilioApiBaseUrl: sink.url });
    sampler = startMemorySampler(server.pid, childPids);
    await waitUntilHealthy(server);
    console.error(`Server up at ${server.baseUrl} (pid ${server.pid}); ${options.residents} residents, ${options.concurrency} at a time...`);

    const cpuBefore = cpuSnapshot(server.pid);
    const started = performance.now();
    const ctx: RunContext = { baseUrl: server.baseUrl, deadline: Date.now() + options.timeoutMs, turnTimeoutMs: options.turnTimeoutMs };
    const results = await runPool(options.residents, options.concurrency, ctx.deadline, (i) => runResident(i, ctx));
    const wallMs = performance.now() - started;
    const timedOut = Date.now() >= ctx.deadline;
    const cpu = cpuReport(cpuBefore, cpuSnapshot(server.pid), wallMs);

    const memory = sampler.finish();
    sampler = undefined;
    const failures = results.flatMap((r, i) => (r?.error ? [`${phoneOf(i)} ${r.error}`] : []));
    const result: BenchResult = { ...summarise(results, wallMs, timedOut, options), memory, cpu, serverErrorLines: server.errorLines(), serverExitedEarly: server.exit(), twilioRestCalls: sink.calls() };
    printResult(result, failures);
    if (result.serverErrorLines > 0) console.error(`server log tail:\n${server.logTail().join('\n')}`);
    return result.completed === result.residents && !result.serverExitedEarly ? 0 : 1;
  } catch (error) {
    console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    if (server) console.error(`server log tail:\n${server.logTail().join('\n')}`);
    return 1;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
