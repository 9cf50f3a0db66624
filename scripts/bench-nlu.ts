/**
 * Language-understanding benchmark: the trained model (as the server loads it) on the held-out sets
 * test/nlu/heldout/<lng>.jsonl, none of whose texts is a training example (training refuses them).
 * Prints, per language, intent / category / topic accuracy, emergency recall, times per message and the
 * confusions that matter most, then one `BENCH_JSON {...}` line for tools. Exits non-zero when a target of
 * issue 5 is missed.
 *
 *   npm run bench:nlu
 *   npm run bench:nlu -- --content /path/to/a/content/root   (another locales/ + knowledge/ + test/nlu/heldout/)
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createUnderstander } from '../understanding/createUnderstander';
import { loadModel } from '../understanding/model/modelCache';
import { loadHeldOut } from '../understanding/model/trainingData';
import { evaluate, LanguageReport, missedTargets, Share, TARGETS } from './nlu/evaluate';

async function main(): Promise<number> {
  const contentRoot = path.resolve(optionValue('--content') ?? path.join(__dirname, '..'));
  const heldOut = loadHeldOut(contentRoot);
  if (heldOut.size === 0) {
    console.error(`No held-out set in ${path.join(contentRoot, 'test', 'nlu', 'heldout')}: nothing to measure.`);
    return 2;
  }
  const started = performance.now();
  const model = loadModel({ contentRoot, log: (m) => console.log(m) });
  console.log(`Model ready in ${Math.round(performance.now() - started)} ms (${model.features.size} features)`);
  const understander = createUnderstander({ contentRoot, fallbackLocale: 'en', model });

  const reports: LanguageReport[] = [];
  for (const [language, examples] of heldOut) {
    // Warm up as a running server is: the first calls pay for compilation, not for understanding.
    for (const example of examples.slice(0, 100)) await understander.understand(example.text, {});
    reports.push(await evaluate(understander, language, examples));
  }
  for (const report of reports) print(report);
  const missed = reports.flatMap(missedTargets);
  console.log(missed.length ? `\nTargets missed:\n  ${missed.join('\n  ')}` : '\nEvery target met.');
  console.log(`BENCH_JSON ${JSON.stringify({ targets: TARGETS, languages: reports, missed })}`);
  return missed.length ? 1 : 0;
}

function print(r: LanguageReport): void {
  const pct = (s: Share) => `${(s.rate * 100).toFixed(1)}% (${s.right}/${s.total})`;
  console.log(`\n${r.language}: ${r.examples} held-out messages`);
  console.log(`  intent            ${pct(r.intent)}   target ${TARGETS.intent * 100}%`);
  console.log(`  category          ${pct(r.category)}   target ${TARGETS.category * 100}%   (report and category both right: ${pct(r.reportsRight)})`);
  console.log(`  topic             ${pct(r.topic)}   target ${TARGETS.topic * 100}%   (question and sure topic both right: ${pct(r.questionsRight)})`);
  console.log(`  emergency recall  ${pct(r.emergencyRecall)}   target 100%   (false alarms: ${r.falseEmergencies}; gas: ${pct(r.gas)})`);
  console.log(`  language          ${pct(r.languageDetected)}   case number ${pct(r.caseNumber)}   address ${pct(r.address)}`);
  console.log(`  time per message  median ${r.medianMs.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms   target median < ${TARGETS.medianMs} ms`);
  for (const [kind, list] of Object.entries(r.confusions)) {
    if (list.length) console.log(`  ${kind} confusions: ${list.map(([pair, n]) => `${pair} ×${n}`).join(', ')}`);
  }
  for (const text of r.missedEmergencies) console.log(`  MISSED EMERGENCY: ${text}`);
}

function optionValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
