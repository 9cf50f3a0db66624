import { parseArgs } from 'node:util';
import { SCENARIOS } from './scenarios';

export interface ChaosOptions {
  residents: number;
  /** Scenario names to run (default: all). */
  scenarios: string[];
  /** The build as operators run it ('dist', built first), or the sources through tsx (no build; CI's quick run). */
  run: 'dist' | 'tsx';
  /** One scenario stops here; residents not done by then count as stuck. */
  timeoutMs: number;
  /** The webhook budget the server runs with: shorter than the 10 s default, so some replies go late by text and meet the faults too. */
  replyBudgetMs: number;
}

export function readOptions(argv: string[]): ChaosOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      residents: { type: 'string', default: '40' },
      scenario: { type: 'string', multiple: true },
      run: { type: 'string', default: 'dist' },
      'timeout-s': { type: 'string', default: '90' },
      'reply-budget-ms': { type: 'string', default: '2000' },
    },
    strict: true,
  });
  const residents = Number(values.residents);
  if (!Number.isInteger(residents) || residents < 1 || residents > 500) throw new Error(`--residents must be 1 to 500 (got "${values.residents}")`);
  const names = SCENARIOS.map((s) => s.name);
  const scenarios = values.scenario ?? names;
  for (const name of scenarios) if (!names.includes(name)) throw new Error(`Unknown --scenario "${name}"; one of: ${names.map((n) => `"${n}"`).join(', ')}`);
  if (values.run !== 'dist' && values.run !== 'tsx') throw new Error('--run is dist or tsx');
  return {
    residents,
    scenarios,
    run: values.run,
    timeoutMs: Number(values['timeout-s']) * 1000,
    replyBudgetMs: Number(values['reply-budget-ms']),
  };
}
