import os from 'node:os';
import { conversationFor, ResidentResult } from './conversations';
import { BenchOptions } from './options';
import { CpuReport, MemoryReport, SAMPLE_EVERY_MS } from './processStats';
import { round } from './round';

interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface BenchResult {
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

export function summarise(results: (ResidentResult | undefined)[], wallMs: number, timedOut: boolean, options: BenchOptions): Omit<BenchResult, 'memory' | 'cpu' | 'serverErrorLines' | 'serverExitedEarly' | 'twilioRestCalls'> {
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

/** The readable block, then one BENCH_JSON line for tools: keep both formats stable. */
export function printResult(result: BenchResult, failures: string[]): void {
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
