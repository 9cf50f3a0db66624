import { seededRandom } from '../../understanding/model/seededRandom';
import { performance } from 'node:perf_hooks';
import { Connection } from 'mongoose';
import { CaseGrouping } from '../../cases/CaseGrouping';
import { caseModel, CaseLocation } from '../../cases/CaseModel';
import { CaseService } from '../../cases/CaseService';
import { CATEGORY_IDS, CategoryId, getCategory } from '../../cases/categories';
import { keysOf, matchablePlace } from '../../cases/casePlaceMatch';
import { GroupingIndex, IndexEntry } from '../../cases/GroupingIndex';
import { cellOf } from '../../understanding/places/geoCell';
import { DatabaseLock } from '../../storage/DatabaseLock';

export interface GroupingBenchOptions {
  /** Open cases put in the database first (default 100,000). */
  cases?: number;
  /** Grouping decisions timed (default 200). */
  decisions?: number;
}

export interface GroupingBenchResult {
  openCases: number;
  seedSeconds: number;
  decisions: number;
  /** How many decisions found a case to offer. */
  matched: number;
  /** `CaseGrouping.check` (index look-up by cell and its neighbours, street, landmark; then the candidates), ms. */
  decisionMs: { p50: number; p95: number; max: number };
}

/** A town of about 6 km by 6 km around Elmhurst's streets: 100,000 open cases is one every 19 m by 19 m. */
const SOUTH = 43.87;
const WEST = -79.5;
const SPAN_DEGREES = 0.055;

/**
 * The grouping decision time on a database holding `cases` open cases (each filed in the grouping index as a new
 * case would be). For `bench:cases` and scripts/bench-grouping.ts; the database should be empty of cases.
 */
export async function benchGrouping(connection: Connection, options: GroupingBenchOptions = {}): Promise<GroupingBenchResult> {
  const total = options.cases ?? 100_000;
  const decisions = options.decisions ?? 200;
  const model = caseModel(connection);
  const index = new GroupingIndex(connection);
  const lock = new DatabaseLock(connection);
  const grouping = new CaseGrouping(new CaseService(model, lock), index, lock);
  const random = seededRandom(13);
  const groupable = CATEGORY_IDS.filter((c) => c !== 'other');

  const seedStarted = performance.now();
  const keys = new Map<string, { category: CategoryId; key: string; entries: IndexEntry[] }>();
  const BATCH = 1000;
  for (let start = 0; start < total; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) {
      const category = groupable[Math.floor(random() * groupable.length)];
      const location = randomLocation(random);
      const number = `9${String(i).padStart(7, '0')}`;
      docs.push(caseDoc(number, category, location));
      for (const key of keysOf(matchablePlace(location))) {
        const id = `${category}|${key}`;
        const doc = keys.get(id) ?? { category, key, entries: [] };
        doc.entries.push({ number, place: matchablePlace(location), at: new Date() });
        keys.set(id, doc);
      }
    }
    await model.collection.insertMany(docs as never[], { ordered: false });
  }
  const all = [...keys.values()];
  for (let start = 0; start < all.length; start += BATCH) await index.insertMany(all.slice(start, start + BATCH));
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const times: number[] = [];
  let matched = 0;
  for (let i = 0; i < decisions; i++) {
    const category = groupable[Math.floor(random() * groupable.length)];
    const started = performance.now();
    const check = await grouping.check({ category, location: randomLocation(random) }, '+15555550199');
    times.push(performance.now() - started);
    if (check.match) matched++;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 10) / 10;
  return { openCases: total, seedSeconds: Math.round(seedSeconds * 10) / 10, decisions, matched, decisionMs: { p50: at(0.5), p95: at(0.95), max: at(1) } };
}

function randomLocation(random: () => number): CaseLocation {
  const lat = Math.round((SOUTH + random() * SPAN_DEGREES) * 1e6) / 1e6;
  const lng = Math.round((WEST + random() * SPAN_DEGREES) * 1e6) / 1e6;
  return { text: `${lat}, ${lng}`, kind: 'address', street: `Street ${Math.floor(random() * 400)}`, number: String(1 + Math.floor(random() * 300)), lat, lng, known: true, cell: cellOf(lat, lng) };
}

function caseDoc(number: string, category: CategoryId, location: CaseLocation) {
  const { queue, baseSeverity, targetDays } = getCategory(category);
  const now = new Date();
  const reporter = { channel: 'sms', address: `+1555${number.slice(1)}`, locale: 'en', conversation: {}, reportedAt: now };
  return {
    _id: number,
    number,
    category,
    queue,
    severity: baseSeverity,
    location,
    description: 'Seeded for the grouping benchmark',
    photos: [],
    reporters: [reporter],
    status: 'received',
    statusChangedAt: now,
    expectedBy: new Date(now.getTime() + targetDays * 86_400_000),
    history: [{ status: 'received', at: now }],
    evidence: [{ description: 'Seeded for the grouping benchmark', photos: [], channel: 'sms', locale: 'en', reportedAt: now }],
    reporterCount: 1,
    priority: baseSeverity,
    notes: [],
    audit: [],
    satisfaction: [],
    revision: 0,
    submissionKey: `bench-${number}`,
    createdAt: now,
    updatedAt: now,
  };
}
