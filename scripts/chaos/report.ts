import { failures, Verdict } from './verdict';

const COLUMNS: [string, (v: Verdict) => string][] = [
  ['scenario', (v) => v.scenario],
  ['filed', (v) => `${v.completed}/${v.residents}`],
  ['lost', (v) => String(v.lost)],
  ['dropped', (v) => String(v.silentlyDropped)],
  ['applied 2x', (v) => String(v.appliedTwice)],
  ['cases 2x', (v) => String(v.casesDoubled)],
  ['wrong data', (v) => String(v.wrongData)],
  ['contradicting', (v) => String(v.contradicted)],
  ['stuck', (v) => String(v.stuck)],
  ['notices missing/2x', (v) => (v.notices ? `${v.notices.missing}/${v.notices.doubled} of ${v.notices.owed}` : '-')],
  ['texted 2x', (v) => String(v.textedTwice)],
  ['resend asked', (v) => String(v.resendsAsked)],
  ['recovery', recovery],
];

/** Restart to healthy / to answering texts (ms, each restart), or Twilio back to the last owed text delivered. */
function recovery(v: Verdict): string {
  if (v.restartToAnswerMs.length > 0) return v.restartToHealthyMs.map((h, i) => `${h}/${v.restartToAnswerMs[i] ?? 'none in 60 s'}`).join(', ') + ' ms';
  if (v.twilioBackToLastTextMs !== undefined) return `last text ${v.twilioBackToLastTextMs} ms after Twilio back`;
  return '-';
}

/** The table (one row per scenario), the notes, then one CHAOS_JSON line for tools. */
export function printVerdicts(verdicts: Verdict[], settings: Record<string, unknown>): void {
  const rows = [COLUMNS.map(([title]) => title), ...verdicts.map((v) => COLUMNS.map(([, cell]) => cell(v)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [
    '',
    '=== CivicLine chaos run ===',
    Object.entries(settings)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', '),
    '',
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
    '',
    'recovery: restart (or database kill) to /healthz 200 / to the first real answer to a text, for each fault.',
    'resend asked: honest "please send it again" answers to messages that were not applied (the residents resent them).',
    'texted 2x: the same text twice to one resident (the outbox crash window); notices: one status notice owed per case.',
  ];
  for (const v of verdicts) {
    if (v.samples.length > 0) out.push(`${v.scenario}:`, ...v.samples.map((s) => `  ${s}`));
  }
  const bad = verdicts.reduce((n, v) => n + failures(v), 0);
  out.push('', bad === 0 ? 'Every scenario: zero lost, dropped, doubled, wrong or stuck.' : `FAILURES: ${bad} (see above)`);
  console.log(out.join('\n'));
  console.log(`CHAOS_JSON ${JSON.stringify({ settings, verdicts })}`);
}
