import { Fuzzer } from './target';
import { FuzzOutcome, FuzzRequest, send } from './transport';

export interface Tally {
  kind: string;
  requests: number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  timeouts: number;
  /** Requests the fuzzer itself cut short, or whose connection was reset. */
  dropped: number;
  /** The server process died or /healthz stopped answering during the run. */
  crashes: number;
  /** A few of the 5xx answers, to see what failed. */
  samples: string[];
}

export interface RunSettings {
  port: number;
  count: number;
  concurrency: number;
  timeoutMs: number;
  /** False once the server process has exited. */
  serverAlive: () => boolean;
  /** Told every 1,000 requests (a long run shows it is moving). */
  progress?: (tally: Tally) => void;
}

/** How often (in requests) /healthz is asked whether the server is still up. */
const HEALTH_EVERY = 250;

/** Sends `count` requests of one kind, `concurrency` at a time, and counts what came back. */
export async function runKind(kind: string, fuzzer: Fuzzer, settings: RunSettings): Promise<Tally> {
  const tally: Tally = { kind, requests: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, timeouts: 0, dropped: 0, crashes: 0, samples: [] };
  let issued = 0;
  let down = false;
  const worker = async () => {
    while (issued < settings.count && !down) {
      issued++;
      const request = await fuzzer.next();
      const outcome = await send(settings.port, request, settings.timeoutMs);
      count(tally, request, outcome);
      fuzzer.learn?.(request, outcome);
      if (tally.requests % 1000 === 0) settings.progress?.(tally);
      if (tally.requests % HEALTH_EVERY === 0 && !(await healthy(settings))) down = true;
      if ('failure' in outcome && outcome.failure === 'refused') down = !(await healthy(settings));
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  if (down || !(await healthy(settings))) tally.crashes = 1;
  return tally;
}

function count(tally: Tally, request: FuzzRequest, outcome: FuzzOutcome): void {
  tally.requests++;
  if ('failure' in outcome) {
    if (outcome.failure === 'timeout') tally.timeouts++;
    else tally.dropped++;
    return;
  }
  const status = Math.floor(outcome.status / 100);
  if (status === 2 || status === 1) tally['2xx']++;
  else if (status === 3) tally['3xx']++;
  else if (status === 4) tally['4xx']++;
  else {
    tally['5xx']++;
    if (tally.samples.length < 5) tally.samples.push(`${request.method} ${request.path} -> ${outcome.status} ${outcome.body.slice(0, 120)}`);
  }
}

/** Up when the process runs and /healthz answers at all (503 while the database restarts is still up). */
async function healthy(settings: RunSettings): Promise<boolean> {
  if (!settings.serverAlive()) return false;
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await send(settings.port, { method: 'GET', path: '/healthz' }, 5000);
    if ('status' in outcome) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** The table printed for each kind. */
export function printTallies(tallies: Tally[], write: (line: string) => void = console.log): void {
  const columns = ['kind', 'requests', '2xx', '3xx', '4xx', '5xx', 'timeouts', 'dropped', 'crashes'] as const;
  const rows = tallies.map((t) => columns.map((c) => String(t[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  write(line(columns));
  write(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  rows.forEach((row) => write(line(row)));
  for (const t of tallies) t.samples.forEach((s) => write(`  5xx sample (${t.kind}): ${s}`));
}
