/**
 * Hostile-request fuzzer: builds and starts the real server (node dist/server.js) on a fresh embedded database, then
 * sends it hostile requests of each kind and counts the answers.
 *
 *   npm run fuzz
 *   npm run fuzz -- --kind sms --count 10000 --concurrency 8 --seed 12
 *
 * Kinds: sms (signed Messaging webhooks), voice (signed Voice webhooks), directline (web chat: tokens, activities,
 * uploads, streams), botframework (POST /api/messages from loopback), all (the default). Only 127.0.0.1 is ever
 * contacted: the server's Twilio REST client goes to a local sink, and every activity names a loopback service URL.
 * Prints one row per kind (answers by status class, timeouts, dropped connections, crashes) and exits non-zero when
 * any request was answered 5xx or the server died. The parts live in scripts/fuzz/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../db/EmbeddedDatabase';
import { AUTH_TOKEN, CITY_NUMBER, HOST } from './bench/constants';
import { build, killLeftovers, ServerProcess, startServer, stopProcess, waitUntilHealthy } from './bench/serverUnderTest';
import { startRestSink } from './bench/twilioSink';
import { FUZZ_KINDS, FuzzKind, fuzzerFor } from './fuzz/kinds';
import { printTallies, runKind, Tally } from './fuzz/run';

interface FuzzOptions {
  kinds: FuzzKind[];
  count: number;
  concurrency: number;
  seed: number;
  timeoutMs: number;
}

function readOptions(argv: string[]): FuzzOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      kind: { type: 'string', default: 'all' },
      count: { type: 'string', default: '10000' },
      concurrency: { type: 'string', default: '8' },
      seed: { type: 'string', default: '1' },
      'timeout-s': { type: 'string', default: '20' },
    },
    strict: true,
  });
  const kind = values.kind;
  if (kind !== 'all' && !(FUZZ_KINDS as readonly string[]).includes(kind)) throw new Error(`--kind must be one of ${FUZZ_KINDS.join(', ')} or all (got "${kind}")`);
  return {
    kinds: kind === 'all' ? [...FUZZ_KINDS] : [kind as FuzzKind],
    count: wholeNumber('count', values.count, 1, 1_000_000),
    concurrency: wholeNumber('concurrency', values.concurrency, 1, 200),
    seed: wholeNumber('seed', values.seed, 0, 2 ** 32 - 1),
    timeoutMs: wholeNumber('timeout-s', values['timeout-s'], 1, 600) * 1000,
  };
}

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return value;
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  build(true);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicline-fuzz-db-'));
  const sink = await startRestSink();
  let server: ServerProcess | undefined;
  const cleanup = async () => {
    const database = server ? childrenOf(server.pid) : [];
    if (server) await stopProcess(server.child);
    killLeftovers(database, dataDir);
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const port = await freePort();
    // Limits on Direct Line are per client address: the fuzzer is one address, so most of its web chat requests
    // would be refused with 429 before reaching anything. Raised here so the requests reach the code behind them.
    server = startServer({ port, dataDir, twilioApiBaseUrl: sink.url, env: { RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_CONVERSATION_PER_MINUTE: '1000000' } });
    await waitUntilHealthy(server);
    const running = server;
    const target = { port, publicBaseUrl: `http://${HOST}:${port}`, authToken: AUTH_TOKEN, cityNumber: CITY_NUMBER };
    const tallies: Tally[] = [];
    for (const kind of options.kinds) {
      const started = Date.now();
      const tally = await runKind(kind, fuzzerFor(kind, options.seed, target), {
        port,
        count: options.count,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        serverAlive: () => running.exit() === null,
        progress: (t) => console.error(`${kind}: ${t.requests} sent, ${t['5xx']} answered 5xx, ${t.timeouts} timed out`),
      });
      console.error(`${kind}: ${tally.requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      tallies.push(tally);
      if (tally.crashes > 0) {
        console.error(`The server died during the ${kind} run (${running.exit() ?? '/healthz down'}); its last lines:\n${running.logTail().slice(-30).join('\n')}`);
        break;
      }
    }
    printTallies(tallies);
    const failed = tallies.some((t) => t['5xx'] > 0 || t.crashes > 0);
    console.log(failed ? 'FUZZ FAILED: answers 5xx or a crash' : 'FUZZ OK: no 5xx, no crash');
    return failed ? 1 : 0;
  } finally {
    await cleanup();
  }
}

/** The server's children (its embedded database), to end them if the server did not. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
