/**
 * Place parser speed (and, when the held-out set names addresses, agreement with it):
 *
 *   npx tsx scripts/bench-places.ts [--rounds 200]
 *
 * Messages come from locales/<lng>/examples/*.jsonl and test/nlu/heldout/<lng>.jsonl when they exist, plus a
 * built-in sample of resident texts. Each message goes through find(), parseAnswer() and correction(); the
 * numbers are microseconds per call after a warm-up. Prints one `BENCH_JSON {...}` line for tools.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Gazetteer } from '../understanding/places/Gazetteer';
import { Place } from '../understanding/places/Place';
import { PlaceParser } from '../understanding/places/PlaceParser';
import { loadPlaceVocabularies } from '../understanding/places/PlaceVocabulary';

const ROOT = path.resolve(__dirname, '..');

interface Sample {
  text: string;
  locale: string;
  /** The place the text names, as it should be normalised (held-out set only). */
  address?: string | null;
}

const BUILT_IN: Sample[] = [
  ...[
    "big pothole in front of 123 Main St, it's wrecking tires",
    'streetlight out mill/station',
    'Main and Victoria',
    'cnr king n queen light flickering',
    'no pickup today on Elm St, 45 Elm St',
    'garbage missed 40 wellignton',
    'dead raccoon near the library, smells awful',
    'graffiti on the wall behind the arena',
    'noise on King St every night',
    'bench is broken by the school on Birch Rd',
    'can pizza boxes go in green bin',
    'my dog ran away what do i do',
    'when is garbage day on elm',
    'power line down and sparking on lakeshore rd near the beach',
    'water gushing from the road at 620 mill street!! call me 905-555-0123',
    'its a question not a problem',
    'actually 125 not 123',
    'yes',
    'idk',
    'loud party at 14 elm st apt 3 every weekend, it goes until 3am and nobody does anything about it',
  ].map((text) => ({ text, locale: 'en' })),
  ...["coin King et Queen", 'au 45 rue Elm', "devant l'hôtel de ville", 'nid-de-poule sur la rue King depuis lundi', 'non c’est au 125', 'je sais pas'].map((text) => ({
    text,
    locale: 'fr',
  })),
];

function readJsonLines(file: string, locale: string): Sample[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { text: string; address?: string | null })
    .map((row) => ({ text: row.text, locale, ...('address' in row ? { address: row.address ?? null } : {}) }));
}

function samples(): Sample[] {
  const found: Sample[] = [...BUILT_IN];
  const localesDir = path.join(ROOT, 'locales');
  for (const locale of readdirSync(localesDir)) {
    const dir = path.join(localesDir, locale, 'examples');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((name) => name.endsWith('.jsonl'))) found.push(...readJsonLines(path.join(dir, f), locale));
  }
  const heldout = path.join(ROOT, 'test', 'nlu', 'heldout');
  if (existsSync(heldout)) {
    for (const f of readdirSync(heldout).filter((name) => name.endsWith('.jsonl'))) found.push(...readJsonLines(path.join(heldout, f), path.basename(f, '.jsonl')));
  }
  return found;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function main(): void {
  const roundsAt = process.argv.indexOf('--rounds');
  const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 200;
  const loadStart = performance.now();
  const gazetteer = Gazetteer.load(path.join(ROOT, 'knowledge', 'gazetteer.json'));
  const parser = new PlaceParser(gazetteer, loadPlaceVocabularies(path.join(ROOT, 'locales'), ['en', 'fr']), 'en');
  const loadMs = performance.now() - loadStart;
  const all = samples();
  const current: Place = { text: '123 Main St', kind: 'address', street: 'Main St', number: '123', known: true };
  const calls: [string, (s: Sample) => unknown][] = [
    ['find', (s) => parser.find(s.text, s.locale)],
    ['parseAnswer', (s) => parser.parseAnswer(s.text, s.locale)],
    ['correction', (s) => parser.correction(s.text, current, s.locale)],
  ];
  const result: Record<string, unknown> = { messages: all.length, rounds, loadMs: Math.round(loadMs) };
  for (const [name, call] of calls) {
    for (const s of all) call(s); // warm-up
    const perMessage: number[] = [];
    const start = performance.now();
    for (const s of all) {
      const t0 = performance.now();
      for (let r = 0; r < rounds; r++) call(s);
      perMessage.push(((performance.now() - t0) / rounds) * 1000);
    }
    const totalUs = ((performance.now() - start) / (all.length * rounds)) * 1000;
    perMessage.sort((a, b) => a - b);
    const figures = { meanUs: +totalUs.toFixed(1), medianUs: +percentile(perMessage, 50).toFixed(1), p99Us: +percentile(perMessage, 99).toFixed(1), maxUs: +perMessage[perMessage.length - 1].toFixed(1) };
    result[name] = figures;
    console.log(`${name.padEnd(12)} mean ${figures.meanUs} µs  median ${figures.medianUs} µs  p99 ${figures.p99Us} µs  max ${figures.maxUs} µs`);
  }
  const labelled = all.filter((s) => s.address !== undefined);
  if (labelled.length > 0) {
    const agree = labelled.filter((s) => (parser.find(s.text, s.locale)?.text ?? null) === s.address).length;
    result.addressAgreement = { labelled: labelled.length, agree };
    console.log(`addresses    ${agree}/${labelled.length} held-out messages normalised as labelled`);
  }
  console.log(`${all.length} messages x ${rounds} rounds; gazetteer and place words loaded in ${Math.round(loadMs)} ms`);
  console.log(`BENCH_JSON ${JSON.stringify(result)}`);
}

main();
