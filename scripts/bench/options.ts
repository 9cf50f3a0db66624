import { parseArgs } from 'node:util';
import { MAX_RESIDENTS } from './conversations';

export interface BenchOptions {
  residents: number;
  concurrency: number;
  /** The whole conversation phase stops here; residents not finished by then count as failed. */
  timeoutMs: number;
  /** One webhook request taking longer than this is a failed turn. */
  turnTimeoutMs: number;
  /** Caller's MONGODB_URI; unset means the embedded FerretDB in a temporary folder. */
  mongodbUri?: string;
}

export function readOptions(argv: string[]): BenchOptions {
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
