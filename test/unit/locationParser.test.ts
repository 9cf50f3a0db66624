import path from 'node:path';
import { CaseLocation } from '../../cases/CaseModel';
import { Recognizer } from '../../understanding/Recognizer';
import { loadVocabularies } from '../../understanding/Vocabulary';
import { PROJECT_ROOT } from '../support/paths';

const parser = new Recognizer(loadVocabularies(path.join(PROJECT_ROOT, 'locales'), ['en']), 'en').locationParser('en');

describe('LocationParser.find: where the problem is, from a longer message', () => {
  it.each<[string, CaseLocation]>([
    ["big pothole in front of 123 Main St, it's wrecking tires", { text: '123 Main St', kind: 'address' }],
    ['pothole at 45b Maple Ave.', { text: '45b Maple Ave', kind: 'address' }],
    ['water bubbling up at 9 Mill Street since 6am', { text: '9 Mill Street', kind: 'address' }],
    ['garbage not picked up at 77 Willow Dr since monday', { text: '77 Willow Dr', kind: 'address' }],
    ['loud party at 14 elm st every weekend', { text: '14 elm st', kind: 'address' }],
  ])('%j -> address', (text, expected) => {
    expect(parser.find(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['Main St and King St', 'Main St & King St'],
    ['corner of Elm St & Oak St', 'Elm St & Oak St'],
    ['pothole on Queen St at Church St', 'Queen St & Church St'],
    ['streetlight out at Maple Ave/Birch Rd', 'Maple Ave & Birch Rd'],
    ['the lights at Main St and King St are out', 'Main St & King St'],
    ['graffiti at the corner of Victoria St and Park Ave', 'Victoria St & Park Ave'],
  ])('%j -> intersection %j', (text, expected) => {
    expect(parser.find(text)).toEqual({ text: expected, kind: 'intersection' });
  });

  it.each<[string, string]>([
    ['near the library', 'the library'],
    ['outside the arena', 'the arena'],
    ['dead raccoon near the library, smells awful', 'the library'],
    ['graffiti on the wall behind the arena', 'the wall behind the arena'],
    ['bench is broken by the school on Birch Rd', 'the school on Birch Rd'],
  ])('%j -> landmark %j', (text, expected) => {
    expect(parser.find(text)).toEqual({ text: expected, kind: 'landmark' });
  });

  it.each<[string, string]>([
    ['noise on King St every night', 'King St'],
    ['streetlight on pine st is not working', 'pine st'],
    ['abandoned car on hillside dr for 3 weeks', 'hillside dr'],
    ['tree down on park ave blocking the road', 'park ave'],
  ])('a street without a number ends the landmark: %j -> %j', (text, expected) => {
    expect(parser.find(text)).toEqual({ text: expected, kind: 'landmark' });
  });

  it.each(['the streetlight is flickering', 'my green bin was missed', 'graffiti', ''])('%j names no location', (text) => {
    expect(parser.find(text)).toBeNull();
  });

  it('an address wins over a landmark in the same message', () => {
    expect(parser.find('pothole near the library at 200 Queen St')).toEqual({ text: '200 Queen St', kind: 'address' });
  });
});

describe('LocationParser.parseAnswer: the answer to "where is it?"', () => {
  it.each<[string, CaseLocation]>([
    ['the library parking lot', { text: 'the library parking lot', kind: 'landmark' }],
    ['behind the community centre', { text: 'the community centre', kind: 'landmark' }],
    ['12 Pine St', { text: '12 Pine St', kind: 'address' }],
    ['corner of Mill St and Station Rd', { text: 'Mill St & Station Rd', kind: 'intersection' }],
    ['  Victoria Park  ', { text: 'Victoria Park', kind: 'landmark' }],
  ])('%j -> %j', (text, expected) => {
    expect(parser.parseAnswer(text)).toEqual(expected);
  });

  it.each(['ok', 'hi', '  ', '', '.'])('too short an answer (%j) is no location', (text) => {
    expect(parser.parseAnswer(text)).toBeNull();
  });

  it('keeps a long answer to 200 characters', () => {
    const answer = 'the big field '.repeat(30);
    const found = parser.parseAnswer(answer);
    expect(found?.kind).toBe('landmark');
    expect(found!.text.length).toBe(200);
    expect(answer.trim().startsWith(found!.text)).toBe(true);
  });
});
