/**
 * Classifies messages with the trained model, for other tools: reads JSON lines `{"text": "..."}` on standard
 * input and writes, for each line and in the same order, exactly one JSON line
 *
 *   {"language": "en", "intent": "report_problem", "category": "pothole", "topic": null, "caseNumber": null, "address": "45 Elm St"}
 *
 * `category` is the best category of a report_problem (null for other intents), `topic` the best knowledge
 * topic of an ask_question (null for other intents), `caseNumber` digits only, `address` the place the text
 * names. A line that is not such a JSON object gives `{"error": "..."}` instead. Nothing else is written to
 * standard output (the model's training, when the examples changed, is logged on standard error).
 *
 *   npm run -s classify < messages.jsonl
 *   npm run -s classify -- --content /path/to/a/content/root < messages.jsonl
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createUnderstander } from '../understanding/createUnderstander';
import { Understanding } from '../understanding/Understanding';

interface Classification {
  language: string;
  intent: string;
  category: string | null;
  topic: string | null;
  caseNumber: string | null;
  address: string | null;
}

function classification(u: Understanding): Classification {
  return {
    language: u.language,
    intent: u.intent,
    category: u.intent === 'report_problem' ? (u.category ?? u.categories[0]?.id ?? null) : null,
    topic: u.intent === 'ask_question' ? (u.topic ?? u.topics[0]?.id ?? null) : null,
    caseNumber: u.caseNumber,
    address: u.place?.text ?? null,
  };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--content');
  const contentRoot = path.resolve(at >= 0 ? process.argv[at + 1] : path.join(__dirname, '..'));
  const understander = createUnderstander({ contentRoot, fallbackLocale: 'en', log: (message) => console.error(message) });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    let output: Classification | { error: string };
    try {
      output = classification(await understander.understand(textOf(line), {}));
    } catch (error) {
      output = { error: (error as Error).message };
    }
    process.stdout.write(`${JSON.stringify(output)}\n`);
  }
}

function textOf(line: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error('not JSON: expected {"text": "..."}');
  }
  const text = typeof parsed === 'object' && parsed !== null ? (parsed as { text?: unknown }).text : undefined;
  if (typeof text !== 'string') throw new Error('expected {"text": "..."} with a string text');
  return text;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
