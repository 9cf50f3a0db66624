/**
 * A small staff command line for development: calls a running CivicLine's staff case API with a token from .env.
 *   npm run staff -- list [--status received,in_progress] [--queue roads] [--text oak] [--overdue] [--sort created]
 *   npm run staff -- show 48219375
 *   npm run staff -- status 48219375 in_progress [--note "Crew on site" --public]
 *   npm run staff -- status 48219375 closed --reason fixed
 *   npm run staff -- note 48219375 "Owner called back" [--public]
 *   npm run staff -- merge 48219375 --into 51234567
 * The token: STAFF_TOKEN, or the one of --as <name> in STAFF_API_TOKENS, or else the first named supervisor or admin there.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { parseStaffTokens } from '../staff/staffTokens';

dotenv.config({ path: path.resolve(__dirname, '..', '.env'), quiet: true });

interface Summary {
  number: string;
  status: string;
  category: string;
  queue: string;
  priority: number;
  reporterCount: number;
  location: { text: string };
  assignee: string | null;
  overdue: boolean;
  revision: number;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      status: { type: 'string' },
      queue: { type: 'string' },
      category: { type: 'string' },
      text: { type: 'string' },
      overdue: { type: 'boolean' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      note: { type: 'string' },
      reason: { type: 'string' },
      public: { type: 'boolean' },
      into: { type: 'string' },
    },
  });
  const [command, number, ...rest] = positionals;
  const api = staffClient(values.as);
  switch (command) {
    case 'list': {
      const query = new URLSearchParams();
      for (const key of ['status', 'queue', 'category', 'text', 'sort', 'limit', 'cursor'] as const) if (values[key]) query.set(key, values[key]);
      if (values.overdue) query.set('overdue', 'true');
      const page = (await api('GET', `/api/staff/cases?${query}`)) as { cases: Summary[]; nextCursor: string | null };
      for (const c of page.cases) {
        console.log(
          [c.number, c.status.padEnd(11), `p${c.priority}`, c.category.padEnd(18), c.queue.padEnd(14), `${c.reporterCount} reporter(s)`, c.overdue ? 'OVERDUE' : '', c.location.text].join('  '),
        );
      }
      console.log(page.cases.length === 0 ? '(no cases)' : page.nextCursor ? `more: --cursor ${page.nextCursor}` : '(end)');
      return;
    }
    case 'show':
      return print(await api('GET', `/api/staff/cases/${need(number)}`));
    case 'status':
      return print(
        await api('POST', `/api/staff/cases/${need(number)}/status`, {
          status: need(rest[0], 'a status code'),
          ...(values.note ? { note: values.note } : {}),
          ...(values.reason ? { reason: values.reason } : {}),
          ...(values.public ? { public: true } : {}),
        }),
      );
    case 'note':
      return print(await api('POST', `/api/staff/cases/${need(number)}/notes`, { text: need(rest.join(' '), 'the note'), public: Boolean(values.public) }));
    case 'merge':
      return print(await api('POST', `/api/staff/cases/${need(number)}/merge`, { into: need(values.into ?? rest[0], '--into <case number>') }));
    default:
      throw new Error('usage: npm run staff -- list|show|status|note|merge ... (see scripts/staff.ts)');
  }
}

function staffClient(as: string | undefined) {
  const port = process.env.PORT || '3978';
  const base = process.env.STAFF_API_URL || `http://127.0.0.1:${port}`;
  const tokens = parseStaffTokens(process.env.STAFF_API_TOKENS).tokens;
  const chosen = process.env.STAFF_TOKEN ?? (as ? tokens.find((t) => t.name === as) : tokens.find((t) => t.name && t.role !== 'agent'))?.token;
  if (!chosen) throw new Error(as ? `No token for "${as}" in STAFF_API_TOKENS` : 'Set STAFF_TOKEN, or add a supervisor:name:token entry to STAFF_API_TOKENS in .env');
  return async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { Authorization: `Bearer ${chosen}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = (await response.json()) as { error?: string };
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${answer.error ?? JSON.stringify(answer)}`);
    return answer;
  };
}

function print(answer: unknown): void {
  const found = answer as { case?: Record<string, unknown> } & Record<string, unknown>;
  const record = (found.case ?? found.into ?? found) as Record<string, unknown> & {
    history?: { status: string; at: string; by: string | null; note: string | null; reason: string | null }[];
    notes?: { text: string; public: boolean; by: string }[];
  };
  const { history, notes, audit: _audit, evidence: _evidence, ...fields } = record as Record<string, unknown> & { history?: unknown; notes?: unknown };
  console.log(JSON.stringify(fields, null, 2));
  for (const h of (history ?? []) as NonNullable<typeof record.history>) {
    console.log(`  ${h.at}  ${h.status}${h.reason ? ` (${h.reason})` : ''}${h.by ? ` by ${h.by}` : ''}${h.note ? `: ${h.note}` : ''}`);
  }
  for (const n of (notes ?? []) as NonNullable<typeof record.notes>) console.log(`  note (${n.public ? 'public' : 'internal'}, ${n.by}): ${n.text}`);
}

function need(value: string | undefined, what = 'a case number'): string {
  if (!value) throw new Error(`Missing ${what}`);
  return value;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
