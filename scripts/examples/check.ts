/**
 * Checks the labelled training examples of one language and prints how many there are per label.
 *
 *   npx tsx scripts/examples/check.ts [lng]          (default: en)
 *
 * Every line must parse, carry a known intent, a known category on report_problem lines and a known FAQ
 * topic on ask_question lines, and nothing else. The same text may not appear twice, and never with two
 * labels. Lines from files named `generated*.jsonl` are machine-made: they must stay under a third of
 * each label, so the model learns from what people really write. Exits 1 on any error; counts below the
 * targets of issue 5 are printed as shortfalls and also fail the check.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORY_IDS } from '../../cases/categories';
import { sameSentenceKey, sameWordsKey } from './textKeys';

const INTENTS = [
  'report_problem', 'check_status', 'ask_question', 'request_callback', 'talk_to_person', 'emergency',
  'change_language', 'help', 'cancel', 'greeting', 'thanks', 'affirm', 'deny', 'unknown',
] as const;

/** Topics answered by another body; they have no knowledge file of their own yet in every branch. */
const EXTRA_TOPICS = ['power-outage'];

const MIN_PER_CATEGORY = 200;
const MIN_PER_TOPIC = 12;
const MIN_PER_OTHER_INTENT = 200;
const MAX_GENERATED_SHARE = 1 / 3;

interface Example {
  text: string;
  intent: string;
  category?: string;
  topic?: string;
  gas?: boolean;
}

interface LabelCount {
  total: number;
  generated: number;
}

const root = join(__dirname, '..', '..');

function topicIds(): Set<string> {
  const dir = join(root, 'knowledge', 'en');
  const ids = readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
  return new Set([...ids, ...EXTRA_TOPICS]);
}


function labelOf(e: Example): string {
  if (e.intent === 'report_problem') return `report_problem/${e.category}`;
  if (e.intent === 'ask_question') return `ask_question/${e.topic}`;
  return e.intent;
}

function validate(raw: unknown, topics: Set<string>): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not an object';
  const e = raw as Record<string, unknown>;
  const allowed = new Set(['text', 'intent', 'category', 'topic', 'gas']);
  const extra = Object.keys(e).filter((k) => !allowed.has(k));
  if (extra.length > 0) return `unexpected field(s) ${extra.join(', ')}`;
  if (typeof e.text !== 'string' || e.text.trim() === '') return 'empty text';
  if (!(INTENTS as readonly string[]).includes(String(e.intent))) return `unknown intent ${String(e.intent)}`;
  if (e.intent === 'report_problem') {
    if (!(CATEGORY_IDS as readonly string[]).includes(String(e.category))) return `unknown category ${String(e.category)}`;
  } else if (e.category !== undefined) return 'category on a line that is not report_problem';
  if (e.intent === 'ask_question') {
    if (!topics.has(String(e.topic))) return `unknown topic ${String(e.topic)}`;
  } else if (e.topic !== undefined) return 'topic on a line that is not ask_question';
  if (e.gas !== undefined && (e.intent !== 'emergency' || e.gas !== true)) return 'gas must be true and only on emergency';
  return null;
}

function main(): void {
  const lng = process.argv[2] ?? 'en';
  const dir = join(root, 'locales', lng, 'examples');
  if (!existsSync(dir)) throw new Error(`no examples folder ${dir}`);
  const topics = topicIds();
  const errors: string[] = [];
  const counts = new Map<string, LabelCount>();
  const seen = new Map<string, { label: string; where: string }>();
  const sentences = new Map<string, string>();
  const nearDuplicates: string[] = [];
  let gas = 0;

  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const generated = file.startsWith('generated');
    readFileSync(join(dir, file), 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${file}:${i + 1}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        errors.push(`${where}: not JSON`);
        return;
      }
      const problem = validate(parsed, topics);
      if (problem) {
        errors.push(`${where}: ${problem}`);
        return;
      }
      const e = parsed as Example;
      const label = labelOf(e);
      const key = sameWordsKey(e.text);
      const before = seen.get(key);
      if (before) {
        const how = before.label === label ? 'duplicate of' : `labelled ${label} but ${before.label} at`;
        errors.push(`${where}: "${e.text}" ${how} ${before.where}`);
        return;
      }
      seen.set(key, { label, where });
      const sentence = sameSentenceKey(e.text);
      if (sentence !== null) {
        const twin = sentences.get(sentence);
        if (twin) nearDuplicates.push(`${where}: "${e.text}" differs only in a street or number from ${twin}`);
        else sentences.set(sentence, where);
      }
      const c = counts.get(label) ?? { total: 0, generated: 0 };
      c.total += 1;
      if (generated) c.generated += 1;
      counts.set(label, c);
      if (e.gas) gas += 1;
    });
  }

  const shortfalls: string[] = [];
  const want = (label: string, min: number): void => {
    const c = counts.get(label) ?? { total: 0, generated: 0 };
    if (c.total < min) shortfalls.push(`${label}: ${c.total} < ${min}`);
    if (c.generated > c.total * MAX_GENERATED_SHARE) {
      shortfalls.push(`${label}: ${c.generated} of ${c.total} generated (over a third)`);
    }
  };
  for (const id of CATEGORY_IDS) want(`report_problem/${id}`, MIN_PER_CATEGORY);
  for (const id of topics) want(`ask_question/${id}`, MIN_PER_TOPIC);
  for (const intent of INTENTS) {
    if (intent !== 'report_problem' && intent !== 'ask_question') want(intent, MIN_PER_OTHER_INTENT);
  }

  const byIntent = new Map<string, number>();
  for (const [label, c] of counts) {
    const intent = label.split('/')[0];
    byIntent.set(intent, (byIntent.get(intent) ?? 0) + c.total);
  }
  const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  console.log(`examples/${lng}: ${seen.size} lines, ${gas} marked gas`);
  console.log('\nper intent');
  for (const intent of INTENTS) console.log(`  ${intent.padEnd(18)} ${byIntent.get(intent) ?? 0}`);
  console.log('\nper label (total, generated)');
  for (const [label, c] of rows) console.log(`  ${label.padEnd(40)} ${String(c.total).padStart(5)} ${String(c.generated).padStart(5)}`);

  for (const e of errors) console.error(`error ${e}`);
  for (const n of nearDuplicates) console.error(`near ${n}`);
  for (const s of shortfalls) console.error(`short ${s}`);
  if (errors.length + shortfalls.length + nearDuplicates.length > 0) {
    console.error(`\n${errors.length} error(s), ${nearDuplicates.length} near duplicate(s), ${shortfalls.length} shortfall(s)`);
    process.exitCode = 1;
  }
}

main();
