/**
 * k-fold cross-validation of the language model on its own training examples (locales/<lng>/examples), for
 * judging new examples without looking at the held-out sets (which stay the honest measure: bench:nlu).
 * Each fold is trained by the project's trainer on every other fold (knowledge files always included) and read
 * through the same understander the dialogs use. Folds are drawn per language and intent with a fixed seed, so
 * two runs on the same files print the same numbers.
 *
 *   npx tsx scripts/nlu/crossValidate.ts [--folds 5] [--seed 7] [--misses 40] [--content <root>]
 *
 * Prints, per language, intent / category / topic accuracy, emergency recall and false alarms, recall per
 * intent, the top confusions, and with --misses the first N missed emergencies, false alarms and misread examples (text and file:line).
 */
import path from 'node:path';
import { createUnderstander } from '../../understanding/createUnderstander';
import { INTENTS } from '../../understanding/intents';
import { trainModel } from '../../understanding/model/NluModel';
import { seededRandom, shuffleInPlace } from '../../understanding/model/seededRandom';
import { Example, loadTrainingData, TrainingData } from '../../understanding/model/trainingData';
import { Understanding } from '../../understanding/Understanding';

interface Reading {
  gold: Example;
  got: Understanding;
}

async function main(): Promise<void> {
  const contentRoot = path.resolve(optionValue('--content') ?? path.join(__dirname, '..', '..'));
  const folds = Number(optionValue('--folds') ?? 5);
  const seed = Number(optionValue('--seed') ?? 7);
  const misses = Number(optionValue('--misses') ?? 0);
  const data = loadTrainingData(contentRoot);
  const foldOf = assignFolds(data.examples, folds, seed);

  const readings: Reading[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const started = Date.now();
    const tested = data.examples.filter((_, i) => foldOf[i] === fold);
    // The tested texts must not reach the trainer at all, not even as language samples or feature counts.
    const unseen = new Set(tested.map((e) => e.text));
    const training: TrainingData = {
      ...data,
      examples: data.examples.filter((_, i) => foldOf[i] !== fold),
      languageTexts: new Map([...data.languageTexts].map(([language, texts]) => [language, texts.filter((t) => !unseen.has(t))])),
    };
    const model = trainModel(training);
    const understander = createUnderstander({ contentRoot, fallbackLocale: 'en', model });
    for (const gold of tested) readings.push({ gold, got: await understander.understand(gold.text, {}) });
    console.log(`fold ${fold + 1}/${folds}: trained on ${training.examples.length}, tested ${tested.length} (${Math.round((Date.now() - started) / 1000)} s)`);
  }

  for (const language of [...new Set(data.examples.map((e) => e.language))].sort()) {
    printLanguage(language, readings.filter((r) => r.gold.language === language), misses);
  }
}

/** Each example's fold: within each language and intent, a seeded shuffle dealt out in turn, so every fold gets its share of every label. */
function assignFolds(examples: Example[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  const groups = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const key = `${e.language}/${e.intent}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const foldOf = new Array<number>(examples.length);
  for (const key of [...groups.keys()].sort()) {
    const members = groups.get(key)!;
    shuffleInPlace(members, random);
    members.forEach((index, n) => (foldOf[index] = n % folds));
  }
  return foldOf;
}

function printLanguage(language: string, readings: Reading[], misses: number): void {
  const pct = (right: number, total: number) => `${total ? ((right / total) * 100).toFixed(1) : '—'}% (${right}/${total})`;
  const rate = (items: Reading[], right: (r: Reading) => boolean) => pct(items.filter(right).length, items.length);
  const reports = readings.filter((r) => r.gold.category);
  const questions = readings.filter((r) => r.gold.topic);
  const emergencies = readings.filter((r) => r.gold.intent === 'emergency');
  const intentWrong = readings.filter((r) => r.got.intent !== r.gold.intent);
  console.log(`\n${language}: ${readings.length} examples`);
  console.log(`  intent            ${rate(readings, (r) => r.got.intent === r.gold.intent)}`);
  // Machine-made lines (generated*.jsonl) are easier than what residents write: the hand-written ones alone.
  const handWritten = readings.filter((r) => !path.basename(r.gold.source).startsWith('generated'));
  console.log(`  intent, hand-written only ${rate(handWritten, (r) => r.got.intent === r.gold.intent)}`);
  console.log(`  category          ${rate(reports, (r) => r.got.categories[0]?.id === r.gold.category)}`);
  console.log(`  topic             ${rate(questions, (r) => r.got.topics[0]?.id === r.gold.topic)}`);
  console.log(`  emergency recall  ${rate(emergencies, (r) => r.got.emergency !== null)}   false alarms: ${readings.filter((r) => r.gold.intent !== 'emergency' && r.got.emergency !== null).length}`);
  console.log(`  recall per intent ${INTENTS.map((intent) => {
    const of = readings.filter((r) => r.gold.intent === intent);
    return of.length ? `${intent} ${((of.filter((r) => r.got.intent === intent).length / of.length) * 100).toFixed(1)}` : '';
  }).filter(Boolean).join(', ')}`);
  console.log(`  intent confusions: ${top(intentWrong.map((r) => `${r.gold.intent} -> ${r.got.intent}`))}`);
  console.log(`  category confusions: ${top(reports.filter((r) => r.got.categories[0]?.id !== r.gold.category).map((r) => `${r.gold.category} -> ${r.got.categories[0]?.id ?? 'null'}`))}`);
  console.log(`  topic confusions: ${top(questions.filter((r) => r.got.topics[0]?.id !== r.gold.topic).map((r) => `${r.gold.topic} -> ${r.got.topics[0]?.id ?? 'null'}`))}`);
  const where = (r: Reading) => `${JSON.stringify(r.gold.text)} (${path.relative(process.cwd(), r.gold.source)})`;
  for (const r of emergencies.filter((e) => e.got.emergency === null).slice(0, misses)) console.log(`  MISSED EMERGENCY: ${where(r)}`);
  for (const r of readings.filter((e) => e.gold.intent !== 'emergency' && e.got.emergency !== null).slice(0, misses)) {
    console.log(`  FALSE ALARM (${r.gold.intent}): ${where(r)}`);
  }
  for (const r of intentWrong.slice(0, misses)) console.log(`  MISREAD ${r.gold.intent} -> ${r.got.intent}: ${where(r)}`);
}

/** The most frequent mistakes, "gold -> found ×n". */
function top(pairs: string[], count = 12): string {
  const counts = new Map<string, number>();
  for (const pair of pairs) counts.set(pair, (counts.get(pair) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, count).map(([pair, n]) => `${pair} ×${n}`).join(', ') || 'none';
}

function optionValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
