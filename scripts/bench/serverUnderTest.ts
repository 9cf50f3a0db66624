import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_TOKEN, CITY_NUMBER, HOST } from './constants';
import { readProc } from './processStats';

const ROOT = path.resolve(__dirname, '..', '..');
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

export interface ServerProcess {
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

export interface ServerSettings {
  port: number;
  dataDir: string;
  mongodbUri?: string;
  twilioApiBaseUrl: string;
  /** More settings (e.g. SMS_REPLY_BUDGET_MS) on top of these. */
  env?: Record<string, string>;
  /** 'dist' (default): the build, as operators run it; 'tsx': the sources, with no build step (slower start). */
  run?: 'dist' | 'tsx';
}

function run(command: string, args: string[]): void {
  console.error(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Benchmarks the real build (node dist/server.js), not the TypeScript sources. */
export function build(usesEmbeddedDatabase: boolean): void {
  if (usesEmbeddedDatabase) run('bash', ['scripts/ensure-ferretdb.sh']);
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  if (!existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing after the build');
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
    ...settings.env,
  };
}

export function startServer(settings: ServerSettings): ServerProcess {
  const args = settings.run === 'tsx' ? ['--import', 'tsx', 'server.ts'] : ['dist/server.js'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: serverEnv(settings), stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`Could not start node ${args.join(' ')}`);
  const tail: string[] = [];
  let errorLines = 0;
  const keep = (chunk: Buffer, isError: boolean) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      if (isError) errorLines++;
      tail.push(line);
      if (tail.length > 200) tail.shift();
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

export async function waitUntilHealthy(server: ServerProcess): Promise<void> {
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
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** The embedded FerretDB is the server's child: if the server was killed, end it too (found by its data folder). */
export function killLeftovers(pids: Iterable<number>, marker: string): void {
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
