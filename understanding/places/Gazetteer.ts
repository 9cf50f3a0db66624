import { readFileSync } from 'node:fs';
import { LatLng, LocalPlane, Polyline } from './geo';
import { GazetteerFile, gazetteerFileSchema, LandmarkEntry, StreetEntry, Weekday } from './gazetteerFile';

export interface Street {
  /** Canonical: "Main St". */
  name: string;
  aliases: Record<string, string[]>;
  collectionDay?: Weekday;
  path: LatLng[];
  numbers: { left?: [number, number]; right?: [number, number] };
}

export interface Landmark {
  name: string;
  names: Record<string, string>;
  aliases: Record<string, string[]>;
  at: LatLng;
  street?: string;
  number?: string;
  crossStreet?: string;
}

/** Houses stand back from the centre line; a point on the right side keeps neighbours across the street apart. */
const SIDE_OFFSET_M = 8;

/**
 * The town's streets (centre lines, civic number ranges, collection days), where they meet, and its named
 * places: `knowledge/gazetteer.json`, data a city replaces. Checked when loaded, so a mistake stops start-up
 * with the file, the entry and the problem rather than misplacing reports later.
 */
export class Gazetteer {
  readonly town: string;
  readonly streets: readonly Street[];
  readonly landmarks: readonly Landmark[];
  private readonly plane: LocalPlane;
  private readonly lines = new Map<Street, Polyline>();
  private readonly byName = new Map<string, Street>();
  private readonly meetings = new Map<string, LatLng | null>();

  static load(file: string): Gazetteer {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} cannot be read as JSON: ${(error as Error).message}`);
    }
    return Gazetteer.fromData(data, file);
  }

  static fromData(data: unknown, source = 'gazetteer'): Gazetteer {
    const parsed = gazetteerFileSchema.safeParse(data);
    if (!parsed.success) {
      throw new Error(`${source} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return new Gazetteer(parsed.data, source);
  }

  private constructor(file: GazetteerFile, source: string) {
    this.town = file.town;
    const all = file.streets.flatMap((s) => s.path);
    this.plane = new LocalPlane(all.reduce((sum, [lat]) => sum + lat, 0) / all.length);
    this.streets = file.streets.map((entry) => this.addStreet(entry));
    for (const [i, a] of this.streets.entries()) {
      for (const b of this.streets.slice(i + 1)) {
        const point = this.line(a).meeting(this.line(b), file.junctionTolerance);
        this.meetings.set(pairKey(a, b), point ? this.plane.toLatLng(point) : null);
      }
    }
    this.landmarks = file.landmarks.map((entry, i) => this.addLandmark(entry, `${source}: landmarks.${i} ("${entry.name}")`));
    checkAliasesAreUnique(this.landmarks, source);
  }

  /** A street by its canonical name, ignoring case. */
  street(name: string): Street | undefined {
    return this.byName.get(name.toLowerCase());
  }

  landmark(name: string): Landmark | undefined {
    return this.landmarks.find((l) => l.name.toLowerCase() === name.toLowerCase());
  }

  /** The landmark's name in a language, or its canonical name. */
  landmarkName(landmark: Landmark, locale: string): string {
    return landmark.names[locale] ?? landmark.name;
  }

  /** Where two streets meet, or null when they do not. */
  meeting(a: Street, b: Street): LatLng | null {
    return a === b ? null : (this.meetings.get(pairKey(a, b)) ?? null);
  }

  /** Whether a civic number ("45", "45B") is on one side of the street. */
  isInRange(street: Street, number: string): boolean {
    return this.side(street, number) !== null;
  }

  /** A civic number's point, interpolated along the street on its side; null when the number is not in range. */
  locate(street: Street, number: string): LatLng | null {
    const side = this.side(street, number);
    if (!side) return null;
    const [first, last] = side.range;
    const n = parseInt(number, 10);
    const fraction = first === last ? 0.5 : (n - first) / (last - first);
    return this.plane.toLatLng(this.line(street).pointAt(fraction, side.left ? SIDE_OFFSET_M : -SIDE_OFFSET_M));
  }

  /** The point of a street nearest to `p`, and how far it is (metres). */
  nearestOn(street: Street, p: LatLng): { point: LatLng; metres: number } {
    const near = this.line(street).nearest(this.plane.toXy(p));
    return { point: this.plane.toLatLng(near.point), metres: near.distance };
  }

  private side(street: Street, number: string): { range: [number, number]; left: boolean } | null {
    const n = parseInt(number, 10);
    if (!Number.isFinite(n)) return null;
    for (const [left, range] of [
      [true, street.numbers.left],
      [false, street.numbers.right],
    ] as const) {
      if (!range) continue;
      const [low, high] = range[0] <= range[1] ? range : [range[1], range[0]];
      if (n >= low && n <= high && n % 2 === range[0] % 2) return { range, left };
    }
    return null;
  }

  private line(street: Street): Polyline {
    return this.lines.get(street)!;
  }

  private addStreet(entry: StreetEntry): Street {
    const street: Street = {
      name: entry.name,
      aliases: entry.aliases,
      collectionDay: entry.collectionDay,
      path: entry.path.map(([lat, lng]) => ({ lat, lng })),
      numbers: entry.numbers,
    };
    this.lines.set(street, new Polyline(street.path.map((p) => this.plane.toXy(p))));
    this.byName.set(street.name.toLowerCase(), street);
    return street;
  }

  private addLandmark(entry: LandmarkEntry, where: string): Landmark {
    const landmark: Landmark = { name: entry.name, names: entry.names, aliases: entry.aliases, at: { lat: 0, lng: 0 } };
    let located: LatLng | null = null;
    if (entry.address) {
      const crossing = /^(.+?)\s*&\s*(.+)$/.exec(entry.address);
      const civic = /^(\d+[A-Za-z]?)\s+(.+)$/.exec(entry.address);
      if (crossing) {
        const [a, b] = [this.street(crossing[1]), this.street(crossing[2])];
        if (!a || !b) throw new Error(`${where}: "${entry.address}" names a street that is not in the streets list`);
        located = this.meeting(a, b);
        if (!located) throw new Error(`${where}: ${a.name} and ${b.name} do not meet`);
        Object.assign(landmark, { street: a.name, crossStreet: b.name });
      } else if (civic) {
        const street = this.street(civic[2]);
        if (!street) throw new Error(`${where}: "${civic[2]}" is not in the streets list`);
        located = this.locate(street, civic[1]);
        if (!located && !entry.at) throw new Error(`${where}: ${civic[1]} is outside the civic numbers of ${street.name}`);
        Object.assign(landmark, { street: street.name, number: civic[1].toUpperCase() });
      } else {
        throw new Error(`${where}: the address must look like "100 Main St" or "Main St & King St"`);
      }
    }
    landmark.at = entry.at ? { lat: entry.at[0], lng: entry.at[1] } : located!;
    return landmark;
  }
}

function pairKey(a: Street, b: Street): string {
  return a.name < b.name ? `${a.name}|${b.name}` : `${b.name}|${a.name}`;
}

/** One alias naming two places would send a crew to the wrong one half of the time. */
function checkAliasesAreUnique(landmarks: readonly Landmark[], source: string): void {
  const owners = new Map<string, string>();
  for (const landmark of landmarks) {
    for (const alias of [landmark.name, ...Object.values(landmark.aliases).flat()]) {
      const key = alias.toLowerCase();
      const owner = owners.get(key);
      if (owner && owner !== landmark.name) throw new Error(`${source}: the alias "${alias}" names both "${owner}" and "${landmark.name}"`);
      owners.set(key, landmark.name);
    }
  }
}
