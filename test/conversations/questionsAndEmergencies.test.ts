import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';
import { answerOf, CITY_PHONE, Resident } from './resident';

/** Issue 5, classes 8 to 12: questions get answers, emergencies get 911, people get a person. */
describe('questions, emergencies and people', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('questionsAndEmergencies');
  });
  afterAll(() => civicLine.close());

  it.each([
    ['wen is garbage day on elm st', 'collection-schedule'],
    ['can pizza boxes go in green bin', 'green-bin'],
    ['what do i do with all my leaves', 'yard-waste'],
    ['my dog ran away', 'lost-pet'],
    ['when do they plow', 'snow-plowing'],
    ['do i need a permit for a deck', 'deck-permit'],
    ['the power is out on my whole street', 'power-outage'],
  ])('answers "%s" from the right topic and files nothing', async (question, topic) => {
    const resident = new Resident(civicLine);
    const reply = await resident.say(question);
    if (topic !== 'collection-schedule') expect(reply).toContain(answerOf(topic));
    expect(reply).not.toMatch(/Where is it\?|What kind of problem/);
    expect(await resident.cases()).toEqual([]);
  });

  it('gives the collection day of the street asked about, and of the next one in a follow-up', async () => {
    const resident = new Resident(civicLine);
    expect(await resident.say('wen is garbage day on elm st')).toMatch(/Elm St[^.]*Tuesday/);
    expect(await resident.say('what about on king st')).toMatch(/King St[^.]*Monday/);
  });

  it('answers a street given on its own after the collection schedule with that street\'s day, and files nothing', async () => {
    const resident = new Resident(civicLine);
    await resident.say('when is garbage day');
    expect(await resident.say('125 Main Street')).toMatch(/Main St[^.]*Monday/);
    expect(await resident.say('and on elm st?')).toMatch(/Elm St[^.]*Tuesday/);
    expect(await resident.cases()).toEqual([]);
  });

  it.each([
    ['how do I license my dog?', 'asdfgh', 'dog-licence'],
    ['how do I license my dog?', 'lol ok', 'dog-licence'],
    ['how do i pay my property tax bill', '(289) 555-1234', 'tax-payment-options'],
  ])('after "%s", does not give the same answer again to "%s"', async (question, unrelated, topic) => {
    const resident = new Resident(civicLine);
    expect(await resident.say(question)).toContain(answerOf(topic));
    expect(await resident.say(unrelated)).not.toContain(answerOf(topic));
  });

  it('understands a follow-up in the context of the last answer', async () => {
    const resident = new Resident(civicLine);
    await resident.say('how do i pay a parking ticket');
    expect(await resident.say('can I fight it?')).toContain(answerOf('parking-tickets'));
  });

  it('says honestly when it does not know, and offers a person', async () => {
    const reply = await new Resident(civicLine).say('what is the meaning of life');
    expect(reply).toContain(CITY_PHONE);
  });

  it.each([
    'power line down and sparking on king st',
    'car accident at main and king someone is hurt',
    'theres smoke coming out of the house next door',
    'my neighbour collapsed and isnt breathing',
    'FIRE in the garage at 12 oak st!!',
  ])('tells "%s" to call 911 first', async (danger) => {
    const reply = await new Resident(civicLine).say(danger);
    expect(reply.split('\n')[0]).toContain('911');
  });

  it('gives a gas smell the gas utility emergency line too', async () => {
    const reply = await new Resident(civicLine).say('i smell gas in my basement');
    expect(reply.split('\n')[0]).toContain('911');
    expect(reply).toMatch(/gas/i);
    expect(reply).toMatch(/1-800-555-0177/);
  });

  it('puts 911 first even in the middle of a report, and keeps the report', async () => {
    const resident = new Resident(civicLine);
    await resident.say('the streetlight is out');
    const reply = await resident.say('oh no there is smoke coming from the house across the street');
    expect(reply.split('\n')[0]).toContain('911');
    await resident.say('45 Elm St');
    await resident.say('yes');
    expect((await resident.onlyCase()).category).toBe('streetlight');
  });

  it('does not send an urgent but non-emergency report to 911', async () => {
    const reply = await new Resident(civicLine).say('huge pothole on main st cars swerving into traffic, dangerous');
    expect(reply).not.toContain('911');
  });

  it.each(['can someone call me back', 'can I speak to someone', 'real person pls', 'i want to talk to a human'])(
    'gives "%s" the town’s number and the offer of a call-back',
    async (ask) => {
      const reply = await new Resident(civicLine).say(ask);
      expect(reply).toContain(CITY_PHONE);
      expect(reply).toMatch(/call.?back|call you/i);
    },
  );
});
