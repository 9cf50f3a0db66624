import { performance } from 'node:perf_hooks';
import { Example } from '../../understanding/model/trainingData';
import { Understander, Understanding } from '../../understanding/Understanding';

/** The targets of issue 5, checked by `npm run bench:nlu` and by the held-out accuracy test. */
export const TARGETS = { intent: 0.95, category: 0.92, topic: 0.9, emergencyRecall: 1, medianMs: 1 } as const;

export interface Share {
  right: number;
  total: number;
  /** right / total; 1 when there is nothing to get wrong. */
  rate: number;
}

export interface LanguageReport {
  language: string;
  examples: number;
  intent: Share;
  /** Best category of the reports (whatever intent was found); `reportsRight` also needs the intent right. */
  category: Share;
  reportsRight: Share;
  topic: Share;
  questionsRight: Share;
  emergencyRecall: Share;
  /** Non-emergencies taken for one (false 911s). */
  falseEmergencies: number;
  gas: Share;
  /** The message's own language detected (with any confidence). */
  languageDetected: Share;
  caseNumber: Share;
  address: Share;
  medianMs: number;
  p99Ms: number;
  /** The most frequent mistakes: "gold -> found" with how many. */
  confusions: { intent: [string, number][]; category: [string, number][]; topic: [string, number][] };
  /** Emergencies that were missed, word for word: each one is a failure. */
  missedEmergencies: string[];
}

/** Runs every held-out example through the understander once and scores it. */
export async function evaluate(understander: Understander, language: string, examples: Example[], confusionCount = 8): Promise<LanguageReport> {
  const found: Understanding[] = [];
  const times: number[] = [];
  for (const example of examples) {
    const started = performance.now();
    found.push(await understander.understand(example.text, {}));
    times.push(performance.now() - started);
  }
  const pairs = examples.map((gold, i) => ({ gold, got: found[i] }));
  const confusions = { intent: new Map<string, number>(), category: new Map<string, number>(), topic: new Map<string, number>() };
  const miss = (map: Map<string, number>, gold: string, got: string | null | undefined) => {
    const key = `${gold} -> ${got ?? 'null'}`;
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const { gold, got } of pairs) {
    if (got.intent !== gold.intent) miss(confusions.intent, gold.intent, got.intent);
    if (gold.category && got.categories[0]?.id !== gold.category) miss(confusions.category, gold.category, got.categories[0]?.id);
    if (gold.topic && got.topics[0]?.id !== gold.topic) miss(confusions.topic, gold.topic, got.topics[0]?.id);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, confusionCount);
  const emergencies = pairs.filter((p) => p.gold.intent === 'emergency');
  return {
    language,
    examples: examples.length,
    intent: share(pairs, () => true, (p) => p.got.intent === p.gold.intent),
    category: share(pairs, (p) => !!p.gold.category, (p) => p.got.categories[0]?.id === p.gold.category),
    reportsRight: share(pairs, (p) => !!p.gold.category, (p) => p.got.intent === 'report_problem' && p.got.categories[0]?.id === p.gold.category),
    topic: share(pairs, (p) => !!p.gold.topic, (p) => p.got.topics[0]?.id === p.gold.topic),
    questionsRight: share(pairs, (p) => !!p.gold.topic, (p) => p.got.intent === 'ask_question' && p.got.topic === p.gold.topic),
    emergencyRecall: share(emergencies, () => true, (p) => p.got.emergency !== null),
    falseEmergencies: pairs.filter((p) => p.gold.intent !== 'emergency' && p.got.emergency !== null).length,
    gas: share(pairs, (p) => p.gold.gas === true, (p) => p.got.emergency?.gas === true),
    languageDetected: share(pairs, () => true, (p) => p.got.language === language),
    caseNumber: share(pairs, (p) => p.gold.caseNumber !== undefined, (p) => p.got.caseNumber === p.gold.caseNumber),
    address: share(pairs, (p) => p.gold.address !== undefined, (p) => sameText(p.got.place?.text, p.gold.address)),
    medianMs: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    confusions: { intent: top(confusions.intent), category: top(confusions.category), topic: top(confusions.topic) },
    missedEmergencies: emergencies.filter((p) => p.got.emergency === null).map((p) => p.gold.text),
  };
}

/** The targets a report misses, in words; empty when all are met. */
export function missedTargets(report: LanguageReport): string[] {
  const missed: string[] = [];
  const check = (name: string, value: number, target: number) => {
    if (value < target) missed.push(`${report.language} ${name} ${(value * 100).toFixed(1)}% < ${target * 100}%`);
  };
  check('intent', report.intent.rate, TARGETS.intent);
  check('category', report.category.rate, TARGETS.category);
  check('topic', report.topic.rate, TARGETS.topic);
  check('emergency recall', report.emergencyRecall.rate, TARGETS.emergencyRecall);
  if (report.medianMs >= TARGETS.medianMs) missed.push(`${report.language} median ${report.medianMs.toFixed(3)} ms >= ${TARGETS.medianMs} ms`);
  return missed;
}

function share<T>(items: T[], counts: (item: T) => boolean, right: (item: T) => boolean): Share {
  const counted = items.filter(counts);
  const rightCount = counted.filter(right).length;
  return { right: rightCount, total: counted.length, rate: counted.length ? rightCount / counted.length : 1 };
}

function sameText(got: string | undefined, gold: string | undefined): boolean {
  const tidy = (s: string | undefined) => (s ?? '').toLowerCase().replace(/[^\p{L}\p{N}&]+/gu, ' ').trim();
  return tidy(got) === tidy(gold);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
