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
 * The parts live in scripts/bench/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../db/EmbeddedDatabase';
import { phoneOf, runPool, runResident, RunContext } from './bench/conversations';
import { readOptions } from './bench/options';
import { cpuReport, cpuSnapshot, MemorySampler, startMemorySampler } from './bench/processStats';
import { BenchResult, printResult, summarise } from './bench/report';
import { build, killLeftovers, ServerProcess, startServer, stopProcess, waitUntilHealthy } from './bench/serverUnderTest';
import { startRestSink } from './bench/twilioSink';

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  build(!options.mongodbUri);

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
