import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Gazetteer } from '../../understanding/places/Gazetteer';
import { haversineMeters } from '../../understanding/places/geo';
import { PROJECT_ROOT } from '../support/paths';
import { samplePlaces } from '../support/places';

const FILE = path.join(PROJECT_ROOT, 'knowledge', 'gazetteer.json');
const gazetteer = Gazetteer.load(FILE);
const street = (name: string) => {
  const found = gazetteer.street(name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};
const sample = () => JSON.parse(readFileSync(FILE, 'utf8')) as { streets: Record<string, unknown>[]; landmarks: Record<string, unknown>[] };

describe('the sample town gazetteer agrees with what the town tells residents', () => {
  const schedule = readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'en', 'collection-schedule.md'), 'utf8');
  const days = [...schedule.matchAll(/(Monday|Tuesday|Wednesday|Thursday|Friday): ([^.]+)\./g)].flatMap(([, day, list]) =>
    // The answer saves characters ("Main, King, Queen, Church St"): a street is named by its first word.
    list.split(', ').map((name) => [name.trim().split(' ')[0], day.toLowerCase()] as const),
  );
  const byFirstWord = (word: string) => gazetteer.streets.find((s) => s.name.split(' ')[0] === word);

  it('has every street of the collection schedule, with its collection day', () => {
    expect(days).toHaveLength(19);
    for (const [name, day] of days) expect([name, byFirstWord(name)?.collectionDay]).toEqual([name, day]);
  });

  it('has every civic address the knowledge base gives, within its street numbers', () => {
    const texts = readdirSync(path.join(PROJECT_ROOT, 'knowledge', 'en')).map((f) => readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'en', f), 'utf8'));
    const addresses = texts.flatMap((t) => [...t.matchAll(/\b(\d{1,4}) ([A-Z][a-z]+ (?:St|Ave|Rd|Dr|Cres))\b/g)].map((m) => [m[1], m[2]] as const));
    expect(addresses.length).toBeGreaterThan(10);
    for (const [number, name] of addresses) expect([number, name, gazetteer.isInRange(street(name), number)]).toEqual([number, name, true]);
  });

  it.each([
    ['Town Hall', '100 Main St'],
    ['Animal Shelter', '620 Mill St'],
    ['Main Branch Library', '50 Queen St'],
    ['Elmhurst Memorial Arena', '45 Victoria St'],
    ['Elmhurst Community Centre', '300 Park Ave'],
    ['Elmhurst Waste Depot', '850 Station Rd'],
  ])('places %s at %s, where its civic number is', (name, address) => {
    const landmark = gazetteer.landmark(name)!;
    expect(`${landmark.number} ${landmark.street}`).toBe(address);
    expect(landmark.at).toEqual(gazetteer.locate(street(landmark.street!), landmark.number!));
  });

  it('keeps every street and place within a few kilometres of the town centre', () => {
    const centre = { lat: 43.9, lng: -79.45 };
    const points = [...gazetteer.streets.flatMap((s) => s.path), ...gazetteer.landmarks.map((l) => l.at)];
    for (const p of points) expect(haversineMeters(centre, p)).toBeLessThan(5000);
  });
});

describe('where streets meet', () => {
  it.each([
    ['Main St', 'Victoria St'],
    ['Mill St', 'Station Rd'],
    ['King St', 'Queen St'],
    ['Elm St', 'Birch Rd'],
    ['Elm St', 'Oak St'],
    ['Maple Ave', 'Birch Rd'],
    ['Queen St', 'Church St'],
    ['Victoria St', 'Park Ave'],
    ['Main St', 'King St'],
    ['Wellington St', 'Brock St'],
    ['Willow Dr', 'Hillside Dr'],
    ['Park Ave', 'Lakeshore Rd'],
    ['Cedar Cres', 'Hillside Dr'],
  ])('%s meets %s, in either order, at one point on both', (a, b) => {
    const point = gazetteer.meeting(street(a), street(b));
    expect(point).not.toBeNull();
    expect(gazetteer.meeting(street(b), street(a))).toEqual(point);
    expect(gazetteer.nearestOn(street(a), point!).metres).toBeLessThan(25);
    expect(gazetteer.nearestOn(street(b), point!).metres).toBeLessThan(25);
  });

  it.each([
    ['Main St', 'Queen St'],
    ['Elm St', 'Lakeshore Rd'],
    ['Pine St', 'Mill St'],
    ['King St', 'Elm St'],
    ['Main St', 'Main St'],
  ])('%s and %s do not meet', (a, b) => {
    expect(gazetteer.meeting(street(a), street(b))).toBeNull();
  });
});

describe('civic numbers', () => {
  const main = street('Main St');

  it('accepts numbers on either side within the range, with a letter suffix, and nothing else', () => {
    expect(['1', '100', '123', '999', '1000', '45B'].map((n) => gazetteer.isInRange(main, n))).toEqual([true, true, true, true, true, true]);
    expect(['0', '1001', '2000', 'abc'].map((n) => gazetteer.isInRange(main, n))).toEqual([false, false, false, false]);
    // Pine St's odd side ends at 149, its even side at 150.
    expect(['149', '150', '151'].map((n) => gazetteer.isInRange(street('Pine St'), n))).toEqual([true, true, false]);
  });

  it('interpolates along the street: numbers grow along it, odd and even on opposite sides', () => {
    const [a, b, c] = ['101', '501', '901'].map((n) => gazetteer.locate(main, n)!);
    expect(a.lat).toBeLessThan(b.lat);
    expect(b.lat).toBeLessThan(c.lat);
    const odd = gazetteer.locate(main, '123')!;
    const even = gazetteer.locate(main, '124')!;
    expect(odd.lng).toBeLessThan(-79.45);
    expect(even.lng).toBeGreaterThan(-79.45);
    expect(haversineMeters(odd, even)).toBeLessThan(25);
  });

  it('places Town Hall (100 Main St) between Lakeshore Rd and the King St terminal', () => {
    const hall = gazetteer.locate(main, '100')!;
    const terminal = gazetteer.meeting(main, street('King St'))!;
    const lake = gazetteer.meeting(main, street('Lakeshore Rd'))!;
    expect(hall.lat).toBeGreaterThan(lake.lat);
    expect(hall.lat).toBeLessThan(terminal.lat);
  });

  it('does not place a number outside the range', () => {
    expect(gazetteer.locate(main, '2000')).toBeNull();
  });

  it('follows a curved street: every number of Cedar Cres is on its crescent', () => {
    const cedar = street('Cedar Cres');
    for (const n of ['1', '25', '50', '75', '99', '2', '100']) expect(gazetteer.nearestOn(cedar, gazetteer.locate(cedar, n)!).metres).toBeLessThan(10);
  });
});

describe('loading a gazetteer', () => {
  const failure = (change: (data: ReturnType<typeof sample>) => void) => {
    const data = sample();
    change(data);
    return () => Gazetteer.fromData(data, 'knowledge/gazetteer.json');
  };

  it('names the file, the entry and the problem when something is wrong', () => {
    expect(failure((d) => ((d.streets[2] as { path: unknown }).path = [[43.9, -79.45]]))).toThrow(/knowledge\/gazetteer\.json is malformed: streets\.2\.path/);
    expect(failure((d) => ((d.streets[0] as { path: unknown }).path = [[143.9, -79.45], [43.9, -79.46]]))).toThrow(/streets\.0\.path\.0\.0/);
    expect(failure((d) => ((d.streets[1] as { numbers: unknown }).numbers = { left: [1, 600] }))).toThrow(/streets\.1\.numbers\.left: both ends of a side have the same parity/);
    expect(failure((d) => ((d.streets[4] as { collectionDay: unknown }).collectionDay = 'funday'))).toThrow(/streets\.4\.collectionDay/);
    expect(failure((d) => d.streets.push({ ...d.streets[0] }))).toThrow(/"Main St" is listed twice/);
    expect(failure((d) => ((d as { streets: unknown }).streets = []))).toThrow(/streets/);
  });

  it('checks every named place against the streets', () => {
    expect(failure((d) => (d.landmarks[0].address = '100 Nowhere St'))).toThrow(/landmarks\.0 \("Town Hall"\): "Nowhere St" is not in the streets list/);
    expect(failure((d) => (d.landmarks[0].address = '5000 Main St'))).toThrow(/5000 is outside the civic numbers of Main St/);
    expect(failure((d) => (d.landmarks[0].address = 'Main St & Queen St'))).toThrow(/Main St and Queen St do not meet/);
    expect(failure((d) => (d.landmarks[0].address = 'behind the arena'))).toThrow(/must look like "100 Main St"/);
    expect(failure((d) => delete d.landmarks[0].address)).toThrow(/"Town Hall" needs an address or "at" coordinates/);
    expect(failure((d) => ((d.landmarks[1].aliases as { en: string[] }).en = ['town hall']))).toThrow(/the alias "town hall" names both "Town Hall" and "Main Branch Library"/);
  });

  it('says when the file is not JSON', () => {
    expect(() => Gazetteer.load(path.join(PROJECT_ROOT, 'knowledge', 'README.md'))).toThrow(/README\.md cannot be read as JSON/);
  });
});

describe('looking a street up by name', () => {
  const { parser } = samplePlaces();

  it.each<[string, string, string | null]>([
    ['en', 'Main St', 'Main St'],
    ['en', 'main street', 'Main St'],
    ['en', 'MAIN', 'Main St'],
    ['en', 'mian st', 'Main St'],
    ['en', 'wellignton', 'Wellington St'],
    ['en', 'Welington Street', 'Wellington St'],
    ['en', 'Victora St', 'Victoria St'],
    ['en', 'elm', 'Elm St'],
    ['en', 'maple avenue', 'Maple Ave'],
    ['en', 'Lake Shore Rd', 'Lakeshore Rd'],
    ['en', 'lakeshore road', 'Lakeshore Rd'],
    ['en', 'hilside drive', 'Hillside Dr'],
    ['en', 'king street west', 'King St'],
    ['en', 'station rd.', 'Station Rd'],
    ['fr', 'rue King', 'King St'],
    ['fr', 'rue Principale', 'Main St'],
    ['fr', 'chemin de la Gare', 'Station Rd'],
    ['fr', "rue de l'Église", 'Church St'],
    ['fr', 'avenue des Érables', 'Maple Ave'],
    ['fr', 'King St', 'King St'],
    ['en', 'Fake St', null],
    ['en', 'green', null],
    ['en', 'block', null],
    ['en', 'main and king', null],
  ])('(%s) %j -> %s', (locale, name, expected) => {
    expect(parser.street(name, locale)?.name ?? null).toBe(expected);
  });

  it('lists street names as people say them in each language, for speech hints', () => {
    expect(parser.streetNames('en')).toEqual(expect.arrayContaining(['Main St', 'Main Street', 'Lake Shore Rd', 'Station Road']));
    expect(parser.streetNames('fr')).toEqual(expect.arrayContaining(['Main St', 'rue Main', 'rue Principale', 'chemin de la Gare']));
    expect(parser.streetNames('fr')).not.toContain('Main Street');
  });
});
