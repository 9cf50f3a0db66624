import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a scenario may name: the sample town's streets, their civic numbers and crossings, its named places. */
export interface SampleTown {
  streets: ReadonlySet<string>;
  /** Whether the town's map was there to check numbers, crossings, landmarks and collection days. */
  mapped: boolean;
  /** Whether `number` is in the street's civic range (true when unmapped). */
  hasNumber(street: string, number: string): boolean;
  /** Whether the two streets meet (true when unmapped). */
  meet(a: string, b: string): boolean;
  /** Canonical names of the named places, in every language. */
  landmarkNames: readonly string[];
  /** Collection day ("tuesday") of each street, and the words residents use for the street ("elm", "rue de l'orme"). */
  streetWords: ReadonlyMap<string, { day?: string; words: string[] }>;
}

interface GazetteerStreet {
  name: string;
  aliases?: Record<string, string[]>;
  collectionDay?: string;
  path?: [number, number][];
  numbers?: { left?: [number, number]; right?: [number, number] };
}

interface GazetteerFile {
  streets: GazetteerStreet[];
  landmarks?: { name: string; names?: Record<string, string> }[];
}

/** The streets of the brief's sample town facts, used until the gazetteer (knowledge/gazetteer.json) is there. */
const BRIEF_STREETS = [
  'Main St', 'King St', 'Queen St', 'Church St', 'Elm St', 'Maple Ave', 'Oak St', 'Birch Rd', 'Victoria St', 'Park Ave',
  'Wellington St', 'Brock St', 'Cedar Cres', 'Pine St', 'Willow Dr', 'Hillside Dr', 'Lakeshore Rd', 'Mill St', 'Station Rd',
];

/** Two street lines closer than this (degrees, about 10 m) meet. */
const TOUCH = 1e-4;

/** The town the scenarios are written for: knowledge/gazetteer.json when present, else the brief's street list. */
export function loadSampleTown(root: string): SampleTown {
  const file = path.join(root, 'knowledge', 'gazetteer.json');
  if (!existsSync(file)) {
    return {
      streets: new Set(BRIEF_STREETS),
      mapped: false,
      hasNumber: () => true,
      meet: () => true,
      landmarkNames: [],
      streetWords: new Map(),
    };
  }
  const gazetteer = JSON.parse(readFileSync(file, 'utf8')) as GazetteerFile;
  const byName = new Map(gazetteer.streets.map((s) => [s.name, s]));
  return {
    streets: new Set(byName.keys()),
    mapped: true,
    hasNumber: (street, number) => inRange(byName.get(street), Number.parseInt(number, 10)),
    meet: (a, b) => linesMeet(byName.get(a)?.path ?? [], byName.get(b)?.path ?? []),
    landmarkNames: (gazetteer.landmarks ?? []).flatMap((l) => [l.name, ...Object.values(l.names ?? {})]),
    streetWords: new Map(
      gazetteer.streets.map((s) => [s.name, { day: s.collectionDay, words: [s.name, ...Object.values(s.aliases ?? {}).flat()].map((w) => w.toLowerCase()) }]),
    ),
  };
}

function inRange(street: GazetteerStreet | undefined, n: number): boolean {
  if (!street?.numbers) return street !== undefined;
  return [street.numbers.left, street.numbers.right].some((range) => range !== undefined && n >= Math.min(...range) && n <= Math.max(...range));
}

function linesMeet(a: [number, number][], b: [number, number][]): boolean {
  for (let i = 1; i < a.length; i++) for (let j = 1; j < b.length; j++) if (segmentsMeet(a[i - 1], a[i], b[j - 1], b[j])) return true;
  return false;
}

/** Segments p-q and r-s cross, or come within TOUCH of each other at an end (a T junction). */
function segmentsMeet(p: [number, number], q: [number, number], r: [number, number], s: [number, number]): boolean {
  const d1 = [q[0] - p[0], q[1] - p[1]];
  const d2 = [s[0] - r[0], s[1] - r[1]];
  const denominator = d1[0] * d2[1] - d1[1] * d2[0];
  if (Math.abs(denominator) < 1e-15) return false;
  const t = ((r[0] - p[0]) * d2[1] - (r[1] - p[1]) * d2[0]) / denominator;
  const u = ((r[0] - p[0]) * d1[1] - (r[1] - p[1]) * d1[0]) / denominator;
  const slackT = TOUCH / Math.hypot(d1[0], d1[1]);
  const slackU = TOUCH / Math.hypot(d2[0], d2[1]);
  return t >= -slackT && t <= 1 + slackT && u >= -slackU && u <= 1 + slackU;
}
