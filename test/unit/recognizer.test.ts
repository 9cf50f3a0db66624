import path from 'node:path';
import { CATEGORY_IDS, CategoryId } from '../../cases/categories';
import { Recognizer } from '../../understanding/Recognizer';
import { loadVocabularies } from '../../understanding/Vocabulary';
import { PROJECT_ROOT } from '../support/paths';

const recognizer = new Recognizer(loadVocabularies(path.join(PROJECT_ROOT, 'locales'), ['en']), 'en');
const recognize = (text: string) => recognizer.recognize(text, 'en');

describe('Recognizer: what a resident wants', () => {
  it.each([
    'how do I license my dog?',
    'when is garbage day on Elm St?',
    'do I need a permit for a deck?',
    'what time does the pool open',
    'can i park on the street overnight',
    'how do i report a pothole?',
  ])('%j is a question', (text) => {
    expect(recognize(text).intent).toBe('question');
  });

  // Every category a resident can report, written the way people text: lowercase, typos, no apostrophes.
  const reports: [CategoryId, string][] = [
    ['pothole', 'theres a huge pothole on king st'],
    ['pothole', 'pothole outside 45 maple ave wrecked my rim'],
    ['pothole', 'big crater in the road near the school'],
    ['pothole', 'so many pot holes on station rd'],
    ['pothole', 'park ave has a huge pothole'],
    ['streetlight', 'street light out on birch rd'],
    ['streetlight', 'the streetlight in front of 12 elm st is flickering'],
    ['streetlight', 'streetlite on pine st isnt working'],
    ['streetlight', 'lamp post knocked over on queen st'],
    ['traffic_signal', 'traffic light at main and king is stuck on red'],
    ['traffic_signal', 'stoplight flashing red all day at church st'],
    ['traffic_signal', 'walk signal broken at the library crosswalk'],
    ['sidewalk', 'sidewalk is cracked and heaved in front of 30 oak st'],
    ['sidewalk', 'broken sidewalk on willow dr, somebody tripped'],
    ['sidewalk', 'the curb is crumbling outside the arena'],
    ['graffiti', 'someone spray painted the bus shelter on main st'],
    ['graffiti', 'graffiti all over the wall behind the arena'],
    ['graffiti', 'grafitti on the bridge again'],
    ['missed_collection', 'garbage wasnt picked up on elm st'],
    ['missed_collection', 'my recycling wasnt collected today'],
    ['missed_collection', 'they missed my green bin'],
    ['missed_collection', 'they cancelled the pickup and now garbage is everywhere on my street'],
    ['illegal_dumping', 'someone dumped a mattress in the lane behind mill st'],
    ['illegal_dumping', 'pile of old tires dumped on station rd'],
    ['illegal_dumping', 'theres a lot of garbage dumped behind the plaza'],
    ['abandoned_vehicle', 'abandoned car on hillside dr for 3 weeks'],
    ['abandoned_vehicle', 'car with no plates hasnt moved in a month on brock st'],
    ['abandoned_vehicle', 'theres a van on my street that hasnt moved since august'],
    ['parking', 'someone is parked across my driveway'],
    ['parking', 'car parked in front of the fire hydrant on oak st'],
    ['parking', 'truck blocking my driveway at 22 pine st'],
    ['noise', 'loud music from 14 elm st at 2am'],
    ['noise', 'neighbours dog barking all night'],
    ['noise', 'construction noise starting at 5am on king st'],
    ['property_standards', 'overgrown yard and junk everywhere at 55 birch rd'],
    ['property_standards', 'long grass at the vacant lot on station rd'],
    ['property_standards', 'the house at 9 mill st has grass up to my knees'],
    ['tree', 'big branch fell on the sidewalk on maple ave'],
    ['tree', 'tree down on park ave blocking the road'],
    ['tree', 'dead tree in the boulevard in front of my house'],
    ['water', 'water main break on victoria st, water everywhere'],
    ['water', 'water bubbling up out of the road on wellington st'],
    ['water', 'brown water coming from my taps'],
    ['water', 'someone hit a fire hydrant and water is spraying everywhere'],
    ['sewer_flooding', 'sewer backed up into my basement'],
    ['sewer_flooding', 'storm drain is clogged and the street is flooding'],
    ['sewer_flooding', 'manhole cover missing on lakeshore rd'],
    ['snow_ice', 'road is a sheet of ice on hillside dr'],
    ['snow_ice', 'plow left a huge windrow in my driveway'],
    ['snow_ice', 'the sidewalk on queen st hasnt been plowed'],
    ['animal', 'dead raccoon on the road on elm st'],
    ['animal', 'stray dog running around on king st'],
    ['animal', 'raccoons got into my garbage'],
    ['park', 'swings broken at the playground in victoria park'],
    ['park', 'washroom at the park is locked and filthy'],
    ['park', 'the splash pad isnt working'],
  ];

  it.each(reports)('%s: %j is a report of that category', (category, text) => {
    const understood = recognize(text);
    expect(understood.intent).toBe('report');
    expect(understood.categories[0]).toBe(category);
  });

  it('has at least two phrasings for every category but "other"', () => {
    for (const id of CATEGORY_IDS.filter((c) => c !== 'other')) {
      expect(reports.filter(([c]) => c === id).length).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(['my neighbour is annoying', 'xyzzy plugh', 'the thing is broken again'])('%j names no category', (text) => {
    expect(recognize(text).categories).toEqual([]);
  });

  it('a street named after a subject does not make it the subject ("Park Ave")', () => {
    expect(recognize('park ave has graffiti all over it').categories).toEqual(['graffiti']);
  });

  it.each([
    ['status 4821 9375', '48219375'],
    ['status 4821-9375', '48219375'],
    ['STATUS 48219375', '48219375'],
    ['48219375', '48219375'],
    ['4821 9375', '48219375'],
  ])('%j checks the status of case %s', (text, caseNumber) => {
    const understood = recognize(text);
    expect(understood.intent).toBe('status');
    expect(understood.caseNumber).toBe(caseNumber);
    expect(understood.permitNumber).toBeUndefined();
  });

  it.each(["what's happening with my reports?", 'any update on my case', 'status'])('%j checks status without a number', (text) => {
    const understood = recognize(text);
    expect(understood.intent).toBe('status');
    expect(understood.caseNumber).toBeUndefined();
    expect(understood.permitNumber).toBeUndefined();
  });

  it.each(['BP-2026-0142', 'status bp 2026 142', 'status of permit bp-2026-142', 'bp20260142'])('%j checks permit BP-2026-0142', (text) => {
    const understood = recognize(text);
    expect(understood.intent).toBe('status');
    expect(understood.permitNumber).toBe('BP-2026-0142');
  });

  it.each([
    ['noise from the train track every night', 'noise'],
    ['construction noise in progress at 5am on king st', 'noise'],
  ])('%j is a report, not a status check, though it contains a status word', (text, category) => {
    const understood = recognize(text);
    expect(understood.intent).toBe('report');
    expect(understood.categories[0]).toBe(category);
  });

  it('a phone number inside a report does not turn it into a status check', () => {
    expect(recognize('pothole on king st, call me at 905 555 0100 if you need more').intent).toBe('report');
  });

  it.each([
    ['help', 'help'],
    ['HELP', 'help'],
    ['i need some help', 'help'],
    ['menu', 'help'],
    ['never mind', 'cancel'],
    ['cancel', 'cancel'],
    ['Cancel that.', 'cancel'],
    ['forget it', 'cancel'],
    ['start over', 'restart'],
    ['restart', 'restart'],
    ['hi', 'greeting'],
    ['good morning', 'greeting'],
  ])('short %j is the command %s', (text, intent) => {
    expect(recognize(text).intent).toBe(intent);
  });

  it.each([
    ['dog licence info', 'question'],
    ['info on dog licences', 'question'],
    ['help theres a pothole', 'report'],
  ])('%j asks about a subject, not for the menu', (text, intent) => {
    expect(recognize(text).intent).toBe(intent);
  });

  it.each([
    'they cancelled the pickup and now garbage is everywhere on my street',
    'they cancel garbage pickup on my street every holiday',
    'i had to cancel my plans because the road was flooded, never mind the potholes',
    'please restart the streetlight on oak st, it has been out for a week',
  ])('a long description %j is never a command', (text) => {
    expect(['cancel', 'restart', 'help']).not.toContain(recognize(text).intent);
  });

  it.each([
    'theres a huge pothole on king st',
    'downed wires sparking on elm st',
    'tree fell across the road, dangerous',
    'basement flooding fast',
    'someone got hurt on the broken sidewalk',
    'kids playground has broken glass everywhere, its a hazard',
  ])('%j is urgent', (text) => {
    expect(recognize(text).urgent).toBe(true);
  });

  it.each(['the streetlight is flickering', 'graffiti on the bus shelter', 'my green bin was missed'])('%j is not urgent', (text) => {
    expect(recognize(text).urgent).toBe(false);
  });

  it('keeps the location of a report', () => {
    expect(recognize("big pothole in front of 123 Main St, it's wrecking tires")).toMatchObject({
      intent: 'report',
      categories: ['pothole'],
      location: { text: '123 Main St', kind: 'address' },
      urgent: true,
    });
  });

  it('an unknown locale falls back to English', () => {
    expect(recognizer.recognize('pothole on king st', 'xx').categories[0]).toBe('pothole');
  });

  it('an empty message means nothing', () => {
    expect(recognize('   ').intent).toBe('none');
  });
});

describe('Recognizer: yes and no', () => {
  it.each(['yes', 'YES', 'Yes!', 'y', 'yep', 'ok', 'sure', 'send it', "that's right"])('%j is yes', (text) => {
    expect(recognizer.isYes(text, 'en')).toBe(true);
    expect(recognizer.isNo(text, 'en')).toBe(false);
  });

  it.each(['no', 'NO.', 'n', 'nope', "don't send", 'wrong'])('%j is no', (text) => {
    expect(recognizer.isNo(text, 'en')).toBe(true);
    expect(recognizer.isYes(text, 'en')).toBe(false);
  });

  it.each(['yes but the pothole is on king st', 'no idea', 'maybe', 'yesterday'])('%j is neither a plain yes nor a plain no', (text) => {
    expect(recognizer.isYes(text, 'en')).toBe(false);
    expect(recognizer.isNo(text, 'en')).toBe(false);
  });
});
