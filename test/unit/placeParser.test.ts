import { Place } from '../../understanding/places/Place';
import { toCaseLocation } from '../../understanding/places/caseLocation';
import { cellOf } from '../../understanding/places/geoCell';
import { samplePlaces } from '../support/places';

const { gazetteer, parser } = samplePlaces();

type Expected = Pick<Place, 'text' | 'kind' | 'known'> & Partial<Place>;

/** The place found, with coordinates exactly when the town knows the point (a street alone has none). */
function expectFound(found: Place | null, expected: Expected): void {
  expect(found).toMatchObject(expected);
  const streetAlone = expected.kind === 'landmark' && !expected.landmark;
  if (expected.known && !streetAlone) {
    expect(found?.lat).toEqual(expect.any(Number));
    expect(found?.lng).toEqual(expect.any(Number));
  } else {
    expect(found?.lat).toBeUndefined();
  }
}

const address = (text: string, known = true): Expected => {
  const [, number, street] = /^(\S+) (.+)$/.exec(text)!;
  return { text, kind: 'address', street, number, known };
};
const crossing = (street: string, crossStreet: string, known = true): Expected => ({
  text: `${street} & ${crossStreet}`,
  kind: 'intersection',
  street,
  crossStreet,
  known,
});
const named = (landmark: string): Expected => ({ text: landmark, kind: 'landmark', landmark, known: true });
const street = (name: string, known = true): Expected => ({ text: name, kind: 'landmark', street: name, known });

describe('find: a civic address in a resident message', () => {
  it.each<[string, Expected]>([
    ["big pothole in front of 123 Main St, it's wrecking tires", address('123 Main St')],
    ['in front of 123 main st', address('123 Main St')],
    ['123 main', address('123 Main St')],
    ['123 main is flooded', address('123 Main St')],
    ['pothole at 45b Maple Ave.', address('45B Maple Ave')],
    ['water bubbling up at 9 Mill Street since 6am', address('9 Mill St')],
    ['garbage not picked up at 77 Willow Dr since monday', address('77 Willow Dr')],
    ['loud party at 14 elm st every weekend', address('14 Elm St')],
    ['dog barking all night at 14 brock', address('14 Brock St')],
    ['ice on the sidewalk outside 300 park ave', address('300 Park Ave')],
    ['no pickup today on Elm St, 45 Elm St', address('45 Elm St')],
    ['pothole near the library at 200 Queen St', address('200 Queen St')],
    ['sidewalk cracked @ 88 oak st', address('88 Oak St')],
    ['PIPE BURST 620 MILL STREET', address('620 Mill St')],
    ['hydrant leaking 12 Lake Shore Rd', address('12 Lakeshore Rd')],
    ['streetlight out 150 pine st.', address('150 Pine St')],
    // Typos and missing types on streets the town has.
    ['pothole at 123 mian st', address('123 Main St')],
    ['garbage missed 40 wellignton', address('40 Wellington St')],
    ['12 victora street graffiti', address('12 Victoria St')],
    ['bin not picked up 33 hilside dr', address('33 Hillside Dr')],
    ['raccoon in garbage 8 cedar', address('8 Cedar Cres')],
  ])('%j -> %j', (text, expected) => {
    expectFound(parser.find(text, 'en'), expected);
  });

  it('keeps the apartment or unit apart from the civic address', () => {
    expect(parser.find('45 elm st apt 3', 'en')).toMatchObject({ ...address('45 Elm St'), unit: '3' });
    expect(parser.find('no heat at 3-45 Elm St', 'en')).toMatchObject({ ...address('45 Elm St'), unit: '3' });
    expect(parser.find('music at 3am from 22 pine st unit 4b', 'en')).toMatchObject({ ...address('22 Pine St'), unit: '4B' });
    expect(parser.find('bugs at 22 pine st #12', 'en')).toMatchObject({ ...address('22 Pine St'), unit: '12' });
  });

  it('places a known address on its street, on its side', () => {
    const found = parser.find('123 main st', 'en')!;
    const main = gazetteer.street('Main St')!;
    expect(gazetteer.nearestOn(main, { lat: found.lat!, lng: found.lng! }).metres).toBeLessThan(10);
    expect({ lat: found.lat, lng: found.lng }).toEqual(gazetteer.locate(main, '123'));
  });

  it.each<[string, Expected]>([
    ['pothole at 2000 main st', address('2000 Main St', false)],
    ['151 Pine St', address('151 Pine St', false)],
    ['123 Fake St', address('123 Fake St', false)],
    ['pothole at 45 old orchard rd', address('45 Old Orchard Rd', false)],
  ])('accepts %j without knowing it (number out of range, street not in town)', (text, expected) => {
    expectFound(parser.find(text, 'en'), expected);
  });

  it.each(['2 oak trees down on my street', '3 maple trees need trimming', '2 king size mattresses dumped behind my garage', 'the 2 main breaks this week'])(
    'does not take a count before a word that is also a street name for an address: %j',
    (text) => {
      expect(parser.find(text, 'en')?.kind).not.toBe('address');
    },
  );
});

describe('find: an intersection, with or without street types (issue 5, class 3)', () => {
  it.each<[string, Expected]>([
    ['Main and Victoria', crossing('Main St', 'Victoria St')],
    ['streetlight out mill/station', crossing('Mill St', 'Station Rd')],
    ['corner of Mill & Station', crossing('Mill St', 'Station Rd')],
    ['King and Queen', crossing('King St', 'Queen St')],
    ['Elm/Birch', crossing('Elm St', 'Birch Rd')],
    ['cnr king n queen', crossing('King St', 'Queen St')],
    ['Main St and King St', crossing('Main St', 'King St')],
    ['corner of Elm St & Oak St', crossing('Elm St', 'Oak St')],
    ['pothole on Queen St at Church St', crossing('Queen St', 'Church St')],
    ['streetlight out at Maple Ave/Birch Rd', crossing('Maple Ave', 'Birch Rd')],
    ['the lights at Main St and King St are out', crossing('Main St', 'King St')],
    ['graffiti at the corner of Victoria St and Park Ave', crossing('Victoria St', 'Park Ave')],
    ['car accident at main & king, someone hurt', crossing('Main St', 'King St')],
    ['corner of wellignton and brock', crossing('Wellington St', 'Brock St')],
    ['main + king', crossing('Main St', 'King St')],
    ['victoria @ park', crossing('Victoria St', 'Park Ave')],
    ['lamp post flickering at church and main for a week', crossing('Church St', 'Main St')],
    ['raccoon in the bus shelter at king and mill', crossing('King St', 'Mill St')],
    ['signal stuck on red at King St W and Mill', crossing('King St', 'Mill St')],
    ['corner of oak and elm streets', crossing('Oak St', 'Elm St')],
    ['pothole on Main St between King and Church', crossing('Main St', 'King St')],
  ])('%j -> %j', (text, expected) => {
    expectFound(parser.find(text, 'en'), expected);
  });

  it('puts a known crossing where the two streets meet', () => {
    const found = parser.find('Main and Victoria', 'en')!;
    expect({ lat: found.lat, lng: found.lng }).toEqual(gazetteer.meeting(gazetteer.street('Main St')!, gazetteer.street('Victoria St')!));
  });

  it.each<[string, Expected]>([
    ['Elm and Lakeshore', crossing('Elm St', 'Lakeshore Rd', false)],
    ['pothole at main and queen', crossing('Main St', 'Queen St', false)],
    ['light out at king st and fake st', crossing('King St', 'Fake St', false)],
  ])('accepts %j but does not know it (the streets do not meet)', (text, expected) => {
    expectFound(parser.find(text, 'en'), expected);
  });

  it.each(['oak and maple trees are dying', 'king and queen mattresses dumped on the curb', 'the church and the park are closed'])(
    'does not take ordinary words for a crossing: %j',
    (text) => {
      expect(parser.find(text, 'en')?.kind).not.toBe('intersection');
    },
  );
});

describe('find: named places', () => {
  it.each<[string, string]>([
    ['outside the library', 'Main Branch Library'],
    ['dead raccoon near the library, smells awful', 'Main Branch Library'],
    ['books dumped outside the libary', 'Main Branch Library'],
    ['graffiti on the wall behind the arena', 'Elmhurst Memorial Arena'],
    ['broken swing at victoria park', 'Victoria Park'],
    ['needles in the dog park', 'Riverside Park'],
    ['garbage everywhere at the go station', 'Elmhurst GO Station'],
    ['graffiti at town hall', 'Town Hall'],
    ['the city hall parking is icy', 'Town Hall'],
    ['pothole by the comunity centre', 'Elmhurst Community Centre'],
    ['a stray dog at the animal shelter gate', 'Animal Shelter'],
    ['broken glass at St. Mary\'s', "St. Mary's Catholic School"],
    ['the dump is closed?', 'Elmhurst Waste Depot'],
    ['crosswalk light out by the high school', 'Elmhurst Secondary School'],
  ])('%j -> %s, with its coordinates', (text, landmark) => {
    const found = parser.find(text, 'en');
    expectFound(found, named(landmark));
    expect({ lat: found!.lat, lng: found!.lng }).toEqual(gazetteer.landmark(landmark)!.at);
  });

  it("gives a named place's address with it", () => {
    expect(parser.find('outside the library', 'en')).toMatchObject({ street: 'Queen St', number: '50' });
    expect(parser.find('bus shelter smashed at the downtown terminal', 'en')).toMatchObject({ street: 'Main St', crossStreet: 'King St', known: true });
  });

  it('keeps the street a resident names beside a named place', () => {
    expect(parser.find('streetlight out on Main St by the library', 'en')).toMatchObject({
      text: 'Main Branch Library, Main St',
      landmark: 'Main Branch Library',
      street: 'Main St',
      known: true,
    });
  });

  it.each<[string, string, string | undefined]>([
    ['bench is broken by the school on Birch Rd', 'the school on Birch Rd', 'Birch Rd'],
    ['needles near the Tim Hortons', 'the Tim Hortons', undefined],
    ['behind the community mailbox plaza', 'the community mailbox plaza', undefined],
  ])('keeps a place the town does not know in the resident words: %j', (text, words, streetName) => {
    const found = parser.find(text, 'en');
    expectFound(found, { text: words, kind: 'landmark', landmark: words, known: false });
    expect(found?.street).toBe(streetName);
  });
});

describe('find: a street alone', () => {
  it.each<[string, Expected]>([
    ['noise on King St every night', street('King St')],
    ['streetlight on pine st is not working', street('Pine St')],
    ['abandoned car on hillside dr for 3 weeks', street('Hillside Dr')],
    ['tree down on park ave blocking the road', street('Park Ave')],
    ['wen is garbage day on elm st', street('Elm St')],
    ['when is garbage day on elm', street('Elm St')],
    ['water gushing from the road on king', street('King St')],
    ['there is a fallen maple tree blocking willow dr', street('Willow Dr')],
    ['mian st has a huge pothole', street('Main St')],
    ['pothole on fake st', street('Fake St', false)],
  ])('%j -> %j', (text, expected) => {
    expectFound(parser.find(text, 'en'), expected);
  });
});

describe('find: no place', () => {
  it.each([
    'the streetlight is flickering',
    'my green bin was missed',
    'graffiti',
    '',
    'yes',
    'its a question not a problem',
    'can pizza boxes go in green bin',
    'my dog ran away what do i do',
    'theres a dead raccoon on the road',
    'my neighbours car has been parked on the street for weeks',
    'the main road is full of potholes',
    'loud music at night',
    'party every weekend at my neighbours house',
    'noise at 2am',
    'the victoria day fireworks were loud',
    'left lane is blocked',
    'call me at 905-555-0123',
  ])('%j names no place', (text) => {
    expect(parser.find(text, 'en')).toBeNull();
  });

  it('never keeps a phone number or an e-mail address in a place', () => {
    expect(parser.find('dead raccoon near the arena call me 905 555 0199', 'en')?.text).toBe('Elmhurst Memorial Arena');
    expect(parser.find('leaking hydrant outside 14 Elm St text 905-555-0123', 'en')?.text).toBe('14 Elm St');
    expect(parser.find('needles near the Foodland 9055550123 thx', 'en')?.text).toBe('the Foodland');
    expect(parser.find('needles near the Foodland, reach me at jo@example.com', 'en')?.text).toBe('the Foodland');
  });
});

describe('find: French', () => {
  it.each<[string, Expected]>([
    ['coin King et Queen', crossing('King St', 'Queen St')],
    ['au 45 rue Elm', address('45 Elm St')],
    ['nid de poule au 45, rue Elm', address('45 Elm St')],
    ['bac vert pas ramassé au 45 rue de l’Orme', address('45 Elm St')],
    ['au 12 rue des Pins', address('12 Pine St')],
    ['125 Main', address('125 Main St')],
    ['nid de poule au 123 rue mian', address('123 Main St')],
    ['fuite au 30 avenue Maple app 2', { ...address('30 Maple Ave'), unit: '2' }],
    ['au 12 rue Bidon', address('12 rue Bidon', false)],
    ['devant l’hôtel de ville', named('Town Hall')],
    ["devant l'hôtel de ville", named('Town Hall')],
    ['graffiti près de la bibliothèque', named('Main Branch Library')],
    ["graffitis sur l'aréna", named('Elmhurst Memorial Arena')],
    ['chien errant près du parc Victoria', named('Victoria Park')],
    ['lampadaire brisé au coin de la rue Main et de la rue Victoria', crossing('Main St', 'Victoria St')],
    ['coin des rues King et Queen', crossing('King St', 'Queen St')],
    ["à l'angle de King et Queen", crossing('King St', 'Queen St')],
    ['intersection Mill/Station', crossing('Mill St', 'Station Rd')],
    ['le lampadaire au coin Elm et Birch clignote', crossing('Elm St', 'Birch Rd')],
    ['feu de circulation brisé coin Wellington et Brock', crossing('Wellington St', 'Brock St')],
    ['coin King St et Mill', crossing('King St', 'Mill St')],
    ['nid de poule sur la rue Main entre King et Church', crossing('Main St', 'King St')],
    ['nid-de-poule sur la rue King depuis lundi', street('King St')],
    ['déchets sur rue Principale', street('Main St')],
    ['déneigement pas fait sur le chemin de la Gare', street('Station Rd')],
    // "y a", "il y a": the verb, not "à" written without its accent.
    ['y a un chevreuil mort sur le chemin lakeshore', street('Lakeshore Rd')],
    ['il y a un nid de poule sur la rue king', street('King St')],
    ['y a un raton mort sur la rue principale', street('Main St')],
    ['nid de poule a cote du 45 rue elm', address('45 Elm St')],
  ])('%j -> %j', (text, expected) => {
    expectFound(parser.find(text, 'fr'), expected);
  });

  it.each(['il se gare devant chez moi', 'mon voisin fait du bruit la nuit', 'le lampadaire clignote', 'mon bac vert a été oublié', 'oui'])('%j names no place', (text) => {
    expect(parser.find(text, 'fr')).toBeNull();
  });
});

describe('parseAnswer: the answer to "where is it?"', () => {
  it.each<[string, string, Expected]>([
    ['en', 'Main and Victoria', crossing('Main St', 'Victoria St')],
    ['en', 'mill/station', crossing('Mill St', 'Station Rd')],
    ['en', 'corner of Mill St and Station Rd', crossing('Mill St', 'Station Rd')],
    ['en', '123 main', address('123 Main St')],
    ['en', '12 Pine St', address('12 Pine St')],
    ['en', 'elm', street('Elm St')],
    ['en', 'on elm pls', street('Elm St')],
    ['en', 'wellignton', street('Wellington St')],
    ['en', 'the library', named('Main Branch Library')],
    ['en', 'behind the community centre', named('Elmhurst Community Centre')],
    ['en', '  Victoria Park  ', named('Victoria Park')],
    ['fr', 'coin King et Queen', crossing('King St', 'Queen St')],
    ['fr', 'au 45 rue Elm', address('45 Elm St')],
    ['fr', "devant l'hôtel de ville", named('Town Hall')],
    ['fr', 'rue Elm', street('Elm St')],
  ])('(%s) %j is a place the town knows', (locale, text, expected) => {
    const answer = parser.parseAnswer(text, locale);
    expect(answer.kind).toBe('place');
    if (answer.kind === 'place') expectFound(answer.place, expected);
  });

  it.each<[string, string, Partial<Place>]>([
    ['en', '123 Fake St', { text: '123 Fake St', kind: 'address', street: 'Fake St' }],
    ['en', '2000 main st', { text: '2000 Main St', kind: 'address', street: 'Main St', number: '2000' }],
    ['en', 'Elm and Lakeshore', { text: 'Elm St & Lakeshore Rd', kind: 'intersection' }],
    ['en', 'the big oak by the creek', { text: 'the big oak by the creek', kind: 'landmark' }],
    ['en', 'Tim Hortons on King', { text: 'Tim Hortons on King', kind: 'landmark', street: 'King St' }],
    ['en', 'elm near the school', { text: 'elm near the school', kind: 'landmark', street: 'Elm St' }],
    ['en', 'downtown', { text: 'downtown', kind: 'landmark' }],
    ['en', 'the park', { text: 'the park', kind: 'landmark' }],
    ['en', 'the old mill', { text: 'the old mill', kind: 'landmark' }],
    ['en', 'in the parking lot behind the Foodland', { text: 'in the parking lot behind the Foodland', kind: 'landmark' }],
    ['en', 'behind the Foodland call 905-555-0100', { text: 'the Foodland', kind: 'landmark' }],
    ['en', 'the Foodland, text me at bob@example.com', { text: 'the Foodland', kind: 'landmark' }],
    ['fr', 'derrière le dépanneur', { text: 'le dépanneur', kind: 'landmark' }],
    ['fr', 'en face du Métro sur King', { text: 'Métro sur King', kind: 'landmark', street: 'King St' }],
  ])('(%s) %j is read back and kept as free text for staff', (locale, text, expected) => {
    const answer = parser.parseAnswer(text, locale);
    expect(answer).toMatchObject({ kind: 'unknown', place: { ...expected, known: false } });
  });

  it.each<[string, string]>([
    ['en', 'yes'],
    ['en', 'ok'],
    ['en', 'k'],
    ['en', 'idk'],
    ['en', 'i dont know'],
    ['en', 'idk sorry'],
    ['en', 'its a question not a problem'],
    ['en', 'no'],
    ['en', 'nope'],
    ['en', 'what?'],
    ['en', 'why do you need that'],
    ['en', 'my house'],
    ['en', 'near my house'],
    ['en', 'outside'],
    ['en', 'tomorrow'],
    ['en', 'the pothole is really deep'],
    ['en', 'pls hurry its dangerous'],
    ['en', 'no pics sorry'],
    ['en', '👍'],
    ['en', '.'],
    ['en', ''],
    ['en', 'call me 905-555-0100'],
    ['en', '123'],
    ['en', '48219375'],
    ['fr', 'oui'],
    ['fr', 'non'],
    ['fr', 'je sais pas'],
    ['fr', 'jsp'],
    ['fr', 'chez moi'],
    ['fr', 'quoi?'],
    ["fr", "c'est une question"],
    ['fr', 'ok merci'],
  ])('(%s) %j is not a place: ask again (issue 5, class 6)', (locale, text) => {
    expect(parser.parseAnswer(text, locale)).toEqual({ kind: 'notAPlace' });
  });

  it('keeps a long free-text answer to 200 characters', () => {
    const answer = parser.parseAnswer('the big field '.repeat(30), 'en');
    expect(answer.kind).toBe('unknown');
    if (answer.kind === 'unknown') {
      expect(answer.place.text).toHaveLength(200);
      expect('the big field '.repeat(30).startsWith(answer.place.text)).toBe(true);
    }
  });
});

describe('correction: "actually it is 125, not 123" (issue 5, class 4)', () => {
  const at123: Place = { text: '123 Main St', kind: 'address', street: 'Main St', number: '123', known: true };
  const mainAndKing: Place = { text: 'Main St & King St', kind: 'intersection', street: 'Main St', crossStreet: 'King St', known: true };
  const mainAndVictoria: Place = { text: 'Main St & Victoria St', kind: 'intersection', street: 'Main St', crossStreet: 'Victoria St', known: true };

  it.each<[string, string, Place | null, Expected]>([
    ['en', 'actually 125 not 123', at123, address('125 Main St')],
    ['en', "actually it's 125 not 123", at123, address('125 Main St')],
    ['en', 'its 125 not 123', at123, address('125 Main St')],
    ['en', '*125', at123, address('125 Main St')],
    ['en', '123 should be 125', at123, address('125 Main St')],
    ['en', 'sorry wrong number its 127', at123, address('127 Main St')],
    ['en', 'sorry I meant Queen St', at123, address('123 Queen St')],
    ['en', 'oops wrong street, king st', at123, address('123 King St')],
    ['en', 'not main, queen', at123, address('123 Queen St')],
    ['en', 'no its 45 elm', at123, address('45 Elm St')],
    ['en', 'sorry, 45 elm st not main', at123, address('45 Elm St')],
    ['en', 'actually its main and king', at123, crossing('Main St', 'King St')],
    ['en', 'sorry i meant the arena', at123, named('Elmhurst Memorial Arena')],
    ['en', 'sorry I meant Queen', mainAndKing, crossing('Queen St', 'King St')],
    ['en', 'not main, park', mainAndVictoria, crossing('Park Ave', 'Victoria St')],
    ['en', 'sorry I meant Queen St', null, street('Queen St')],
    ['fr', "non c'est au 125", at123, address('125 Main St')],
    ['fr', 'désolé je voulais dire rue Queen', at123, address('123 Queen St')],
    ['fr', "en fait c'est coin King et Queen", at123, crossing('King St', 'Queen St')],
    ['fr', 'non, au 45 rue Elm', at123, address('45 Elm St')],
    ['fr', 'pas 123, 125', at123, address('125 Main St')],
  ])('(%s) %j corrects the place', (locale, text, current, expected) => {
    expectFound(parser.correction(text, current, locale), expected);
  });

  it.each<[string, string, Place | null]>([
    ['en', 'no photo', at123],
    ['en', 'no, send it', at123],
    ['en', 'no pics sorry', at123],
    ['en', 'nope thats all', at123],
    ['en', 'yes', at123],
    ['en', 'no pickup today on Elm St', at123],
    ['en', 'the hole is deeper than I said', at123],
    ['en', 'Queen St', at123],
    ['en', '125', at123],
    ['en', 'actually 125 not 123', null],
    ['fr', 'non merci', at123],
    ['fr', 'pas de photo', at123],
  ])('(%s) %j is not a correction', (locale, text, current) => {
    expect(parser.correction(text, current, locale)).toBeNull();
  });
});

describe('what a case stores of a place', () => {
  it('keeps the normalised parts and the grid cell of a known place', () => {
    const place = parser.find('45 elm st apt 3', 'en')!;
    expect(toCaseLocation(place)).toEqual({
      text: '45 Elm St',
      kind: 'address',
      street: 'Elm St',
      number: '45',
      unit: '3',
      lat: place.lat,
      lng: place.lng,
      known: true,
      cell: cellOf(place.lat!, place.lng!),
    });
  });

  it('keeps an unknown place as free text, flagged, with no coordinates', () => {
    expect(toCaseLocation(parser.find('123 Fake St', 'en')!)).toEqual({ text: '123 Fake St', kind: 'address', street: 'Fake St', number: '123', known: false });
  });
});
