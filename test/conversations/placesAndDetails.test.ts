import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';
import { Resident } from './resident';

/** Issue 5, classes 2 to 7: the right case at the right place, with the resident's own words. */
describe('what a report records', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('placesAndDetails');
  });
  afterAll(() => civicLine.close());

  /** Says each message in turn, answering "yes" to the read-back at the end. */
  async function file(resident: Resident, ...messages: string[]) {
    for (const message of messages) await resident.say(message);
    if ((await resident.cases()).length === 0) await resident.say('yes');
    return resident.onlyCase();
  }

  it('takes a first message starting with "No" as the report it is', async () => {
    const filed = await file(new Resident(civicLine), 'No pickup today on Elm St, 45 Elm St');
    expect(filed).toMatchObject({ category: 'missed_collection', location: { street: 'Elm St', number: '45' } });
  });

  it.each([
    ['streetlight out Main and Victoria', 'Main St', 'Victoria St'],
    ['streetlight out mill/station', 'Mill St', 'Station Rd'],
    ['light is out at the corner of Mill & Station', 'Mill St', 'Station Rd'],
    ['streetlight flickering King and Queen', 'King St', 'Queen St'],
    ['street light out elm/birch', 'Elm St', 'Birch Rd'],
  ])('keeps both streets of "%s"', async (message, street, crossStreet) => {
    const filed = await file(new Resident(civicLine), message);
    expect(filed.category).toBe('streetlight');
    expect([filed.location.street, filed.location.crossStreet].sort()).toEqual([street, crossStreet].sort());
    expect(filed.location).toMatchObject({ kind: 'intersection', known: true });
    expect(filed.location.lat).toEqual(expect.any(Number));
  });

  it.each([
    ["actually it's 125 not 123", { street: 'Main St', number: '125' }],
    ['sorry I meant Queen St', { street: 'Queen St' }],
  ])('applies the correction "%s" before filing', async (correction, where) => {
    const resident = new Resident(civicLine);
    await resident.say('big pothole in front of 123 Main St, my tire blew');
    await resident.say(correction);
    const filed = await file(resident);
    expect(filed.location).toMatchObject(where);
    expect(filed.description).not.toContain(correction);
  });

  it.each([
    ['big pothole on main st', '123 Main St', { street: 'Main St', number: '123' }],
    ['streetlight out on king st', 'its at king and queen', { street: 'King St', crossStreet: 'Queen St' }],
    ['nid-de-poule sur la rue main', '123 rue Main', { street: 'Main St', number: '123' }],
  ])('after "%s", an address alone at the read-back ("%s") is where it is, not a detail', async (first, where, place) => {
    const resident = new Resident(civicLine);
    await resident.say(first);
    await resident.say(where);
    const filed = await file(resident);
    expect(filed.location).toMatchObject(place);
    expect(filed.description).not.toContain(where);
  });

  it('keeps a sentence that mentions another address as a detail ("theres another one at 200 main st too")', async () => {
    const resident = new Resident(civicLine);
    await resident.say('big pothole in front of 123 Main St');
    await resident.say('theres another one at 200 main st too');
    const filed = await file(resident);
    expect(filed.location).toMatchObject({ street: 'Main St', number: '123' });
    expect(filed.description).toContain('another one at 200 main st');
  });

  it('does not ask for details the first message gave, and keeps its words', async () => {
    const resident = new Resident(civicLine);
    const readBack = await resident.say('graffiti all over the side wall of the library, big black tags');
    expect(readBack).toMatch(/YES/);
    await resident.say('yes');
    expect((await resident.onlyCase()).description).toBe('graffiti all over the side wall of the library, big black tags');
  });

  it.each(['yes', 'ok', 'idk', 'no'])('never stores "%s" as the description', async (notADescription) => {
    const resident = new Resident(civicLine);
    await resident.say('I want to report a problem');
    await resident.say('pothole');
    await resident.say('12 King St');
    await resident.say(notADescription);
    const filed = await file(resident);
    expect(filed.category).toBe('pothole');
    expect(filed.description.trim().toLowerCase()).not.toBe(notADescription);
  });

  it.each(['yes', 'its a question not a problem', 'idk', 'what?'])('asks again when "%s" is given as the place', async (notAPlace) => {
    const resident = new Resident(civicLine);
    await resident.say('there is a big pothole, it is wrecking tires');
    await resident.say(notAPlace);
    expect(await resident.cases()).toEqual([]);
    const filed = await file(resident, '20 Church St');
    expect(filed.location).toMatchObject({ street: 'Church St', number: '20' });
  });

  it('reads back a place the town does not know, then files it as given, flagged for staff', async () => {
    const resident = new Resident(civicLine);
    await resident.say('pothole at the back of the old quarry road lot');
    const filed = await file(resident, 'yes');
    expect(filed.location).toMatchObject({ known: false });
    expect(filed.location.text).toMatch(/quarry/i);
  });

  it.each([
    ['water gushing out of the road on king st near the bank, like a river', 'water'],
    ['icy sidewalk in front of 20 church st, my mom slipped', 'snow_ice'],
    ['dog barking all night every night at 33 oak st', 'animal'],
    ['rats and garbage piling up at the empty house at 12 birch rd', 'property_standards'],
    ['someone dumped a mattress and a couch behind 40 mill st', 'illegal_dumping'],
  ])('files "%s" under the right category without a menu loop', async (message, category) => {
    const resident = new Resident(civicLine);
    await resident.say(message);
    if ((await resident.cases()).length === 0) await resident.say('yes');
    if ((await resident.cases()).length === 0) await resident.say('yes');
    expect((await resident.onlyCase()).category).toBe(category);
  });

  it('files as "other" with the words given after two misses at the category menu, never looping', async () => {
    const resident = new Resident(civicLine);
    await resident.say('I want to report something');
    await resident.say('hmm');
    await resident.say('the thing by the bench is weird');
    for (let i = 0; i < 4 && (await resident.cases()).length === 0; i++) {
      const reply = await resident.say(i === 0 ? '14 Park Ave' : 'yes');
      expect(reply).not.toMatch(/What kind of problem/);
    }
    const filed = await resident.onlyCase();
    expect(filed.category).toBe('other');
    expect(filed.description).toContain('the thing by the bench is weird');
  });

  it('files the first message as "other" when the resident answers the short menu with "something else"', async () => {
    const resident = new Resident(civicLine);
    await resident.say('bike rack outside the library is bent and half ripped out of the ground');
    const reply = await resident.say('something else');
    expect(reply).not.toMatch(/What's the problem/);
    if ((await resident.cases()).length === 0) await resident.say('yes');
    const filed = await resident.onlyCase();
    expect(filed.category).toBe('other');
    expect(filed.location.text).toMatch(/library/i);
    expect(filed.description).toContain('bike rack outside the library is bent');
  });
});
