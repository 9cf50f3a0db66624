import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';
import { answerOf, CITY_PHONE, Resident } from './resident';

/** Issue 5, classes 1, 13, 14 and 16: the read-back never loses a report by accident and costs no extra text. */
describe('the read-back of a report', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('readBack');
  });
  afterAll(() => civicLine.close());

  const REPORT = 'streetlight out in front of 45 elm st, been dark all week';

  it.each(['yes', 'yea', 'yep', 'k', 'ok', '👍', 'go ahead', 'looks good', 'send it', 'yes pls', 'sure', 'Yes.'])(
    'sends the report at once on "%s"',
    async (yes) => {
      const resident = new Resident(civicLine);
      await resident.say(REPORT);
      await resident.say(yes);
      const filed = await resident.onlyCase();
      expect(filed).toMatchObject({ category: 'streetlight', location: { street: 'Elm St', number: '45' } });
    },
  );

  it.each(['no photo', 'no pics sorry', 'no, send it', 'no photo, send it', "nope that's all", 'no pics, send it', 'nothing to add'])(
    'never drops the report on "%s": it is sent, or asked about once more',
    async (nothingToAdd) => {
      const resident = new Resident(civicLine);
      await resident.say(REPORT);
      const reply = await resident.say(nothingToAdd);
      if ((await resident.cases()).length === 0) {
        expect(reply).not.toMatch(/not sent|dropped/i);
        await resident.say('yes');
      }
      expect((await resident.onlyCase()).category).toBe('streetlight');
    },
  );

  it('asks once more on a bare "no" instead of dropping the report', async () => {
    const resident = new Resident(civicLine);
    await resident.say(REPORT);
    expect(await resident.say('no')).not.toMatch(/not sent|dropped/i);
    await resident.say('yes');
    expect((await resident.onlyCase()).category).toBe('streetlight');
  });

  it.each(["don't send it", 'never mind', 'forget it', 'cancel that report'])('drops the report only on a clear "%s"', async (drop) => {
    const resident = new Resident(civicLine);
    await resident.say(REPORT);
    await resident.say(drop);
    await resident.say('how do I license my dog?');
    expect(await resident.cases()).toEqual([]);
  });

  it.each(['ok', 'yep np', "d'accord merci"])('takes "%s" after "not sent" as an acknowledgement, not as "send it"', async (ack) => {
    const resident = new Resident(civicLine);
    await resident.say(REPORT);
    await resident.say('never mind');
    await resident.say(ack);
    expect(await resident.cases()).toEqual([]);
  });

  it('keeps a report the resident leaves to ask for a person, says so, and sends it on "send it" afterwards', async () => {
    const resident = new Resident(civicLine);
    await resident.say('graffiti all over the wall at 3 queen st');
    const handOver = await resident.say('can i talk to a person');
    expect(handOver).toMatch(/SEND IT/);
    expect(handOver).toContain(CITY_PHONE);
    await resident.say('2'); // no call-back, thanks
    expect(await resident.cases()).toEqual([]);
    await resident.say('send it');
    const filed = await resident.onlyCase();
    expect(filed).toMatchObject({ category: 'graffiti', location: expect.objectContaining({ street: 'Queen St', number: '3' }) });
  });

  it('brings a dropped report back on "wait, send it" right after', async () => {
    const resident = new Resident(civicLine);
    await resident.say(REPORT);
    await resident.say("don't send it");
    expect(await resident.cases()).toEqual([]);
    await resident.say('wait, send it');
    expect((await resident.onlyCase()).location).toMatchObject({ street: 'Elm St', number: '45' });
  });

  it('answers a question asked at the read-back, keeps the draft and says how to send it', async () => {
    const resident = new Resident(civicLine);
    await resident.say(REPORT);
    const answer = await resident.say('how much is a dog licence?');
    expect(answer).toContain(answerOf('dog-licence'));
    expect(answer).toMatch(/YES/);
    expect(await resident.cases()).toEqual([]);
    await resident.say('yes');
    expect((await resident.onlyCase()).category).toBe('streetlight');
  });

  it('quotes a long message shortened, not whole, and fits the read-back in two texts', async () => {
    const resident = new Resident(civicLine);
    const long = `pothole at 123 main st ${'it is really deep and cars keep swerving into the other lane to avoid it '.repeat(18)}`;
    const readBack = await resident.say(long);
    expect(readBack.length).toBeLessThanOrEqual(320);
    expect(readBack).not.toContain(long.slice(0, 200));
    await resident.say('yes');
    // The crew still gets every word.
    expect((await resident.onlyCase()).description).toBe(long.trim());
  });

  it('keeps the draft when a question comes in the middle of a report, then carries on', async () => {
    const resident = new Resident(civicLine);
    await resident.say('the streetlight is out and it is really dark');
    const answer = await resident.say('wait how much is a dog tag?');
    expect(answer).toContain(answerOf('dog-licence'));
    await resident.say('45 Elm St');
    await resident.say('yes');
    expect(await resident.onlyCase()).toMatchObject({ category: 'streetlight', location: { street: 'Elm St', number: '45' } });
  });
});
