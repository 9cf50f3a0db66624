import path from 'node:path';
import { PhraseList, wordsOf } from '../../understanding/safety/PhraseList';
import { SafetyNet } from '../../understanding/safety/SafetyNet';
import { loadVocabularies } from '../../understanding/Vocabulary';
import { PROJECT_ROOT } from '../support/paths';

describe('PhraseList: the vocabulary’s phrase syntax', () => {
  const matches = (phrases: string[], text: string) => new PhraseList(phrases).matches(wordsOf(text)).length > 0;

  it('matches whole words in order, ignoring case, accents and apostrophes', () => {
    expect(matches(['smell gas'], "I SMELL GAS, don't know where")).toBe(true);
    expect(matches(['smell gas'], 'gas smell')).toBe(false);
    expect(matches(['odeur de gaz'], 'Odeur dé gaz!')).toBe(true);
    expect(matches(['fire'], 'fireworks tonight')).toBe(false);
  });

  it('reads "a|b" as either word and "spark*" as any word it starts', () => {
    expect(matches(['power|hydro line|lines down'], 'hydro lines down on oak')).toBe(true);
    expect(matches(['spark*'], 'wires sparking everywhere')).toBe(true);
    expect(matches(['spark*'], 'a park by the river')).toBe(false);
  });

  it('skips words already taken by another list', () => {
    const words = wordsOf('fire hydrant leaking on elm');
    const taken = new PhraseList(['fire hydrant']).take(words);
    expect(new PhraseList(['fire']).matches(words, taken)).toEqual([]);
  });
});

describe('SafetyNet with the English vocabulary', () => {
  const net = new SafetyNet(loadVocabularies(path.join(PROJECT_ROOT, 'locales'), ['en']).values());

  it.each([
    'power line down and sparking on oak st',
    'car accident, someone hurt at main and king',
    'i smell gas in my basement',
    'smoke pouring out of the house next door',
    'a man collapsed at the bus stop and is not breathing',
    'a car hit a cyclist on queen st',
    'my kid fell through the ice at the pond',
  ])('%j names a danger now', (text) => {
    expect(net.assess(text).hazard).toBe(true);
  });

  it.each([
    'dangerous pothole on king st',
    'power outage on elm st',
    'fire hydrant leaking on wellington',
    'is there a fire ban this weekend',
    'icy sidewalk, someone could get hurt',
    'trees touching the wires, not sparking',
    'injured raccoon on my lawn',
    'minor accident on main st, nobody hurt',
    'the road collapsed near the bridge',
  ])('%j names no danger to life now (a report or a question, not 911)', (text) => {
    expect(net.assess(text).hazard).toBe(false);
  });

  it('tells a gas emergency (for the gas utility’s number) from another one', () => {
    expect(net.assess('strong smell of gas outside 12 elm st')).toMatchObject({ hazard: true, gas: true });
    expect(net.assess('smells like rotten eggs in the kitchen')).toMatchObject({ hazard: true, gas: true });
    expect(net.assess('house on fire on maple ave')).toMatchObject({ hazard: true, gas: false });
  });

  it('marks hazards that are not 911 as urgent', () => {
    expect(net.assess('huge pothole, cars swerving into the other lane').urgent).toBe(true);
    expect(net.assess('the swing is squeaky').urgent).toBe(false);
  });
});
