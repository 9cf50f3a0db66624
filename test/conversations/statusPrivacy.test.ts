import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { Resident } from './resident';

/** Issue 5, class 15: a case number or a permit number alone does not show a stranger someone's address. */
describe('status look-ups and privacy', () => {
  let civicLine: CivicLine;
  const databaseUri = testDatabaseUri('statusPrivacy');
  beforeAll(async () => {
    civicLine = await startCivicLine('statusPrivacy', {}, databaseUri);
  });
  afterAll(() => civicLine.close());

  async function fileFlooding(): Promise<{ reporter: Resident; number: string }> {
    const reporter = new Resident(civicLine);
    await reporter.say('my basement is flooding from the sewer at 12 Oak St, water everywhere');
    await reporter.say('yes');
    return { reporter, number: (await reporter.onlyCase()).number };
  }

  it('tells a resident with nothing on file so, then takes a number they have', async () => {
    const reply = await new Resident(civicLine).say('my reports');
    expect(reply).toMatch(/don't have any reports or call-backs on file for you/);
    expect(reply).toMatch(/case or permit number/);
  });

  it('shows the reporter everything, and anyone else only the category, status and dates', async () => {
    const { reporter, number } = await fileFlooding();
    expect(await reporter.say(`status ${number}`)).toContain('12 Oak St');

    const stranger = new Resident(civicLine);
    const seen = await stranger.say(`status ${number}`);
    expect(seen).toContain(number);
    expect(seen).toMatch(/Sewer|flood/i);
    expect(seen).toMatch(/Received/);
    expect(seen).not.toContain('Oak');
    expect(seen).not.toContain('basement');
    expect(seen).not.toMatch(/your report/i); // it is not theirs
  });

  it("asks a stranger for the application's postal code before showing a permit", async () => {
    const stranger = new Resident(civicLine);
    const asked = await stranger.say('status BP-2026-0142');
    expect(asked).not.toContain('27 Elm St');
    expect(asked).not.toContain('Deck');
    expect(await stranger.say('L4X 9Z9')).not.toContain('27 Elm St');
    await stranger.say('status BP-2026-0142');
    expect(await stranger.say('l4x 2b7')).toContain('27 Elm St');
  });

  it('shows the applicant their permit without a second question', async () => {
    expect(await new Resident(civicLine, '+12895550142').say('status BP-2026-0142')).toContain('27 Elm St');
  });

  it('stops a phone guessing case numbers, and the limit holds after a restart', async () => {
    const { number } = await fileFlooding();
    const guesser = new Resident(civicLine);
    for (let guess = 0; guess < 12; guess++) await guesser.say(`status ${String(10000000 + guess * 7919).slice(0, 8)}`);
    const blocked = await guesser.say(`status ${number}`);
    expect(blocked).not.toMatch(/Received/);

    await civicLine.close();
    civicLine = await startCivicLine('statusPrivacy', {}, databaseUri);
    const sameGuesser = new Resident(civicLine, guesser.phone);
    expect(await sameGuesser.say(`status ${number}`)).not.toMatch(/Received/);
  });
});
