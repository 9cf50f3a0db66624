import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';

/** Buttons do not exist on SMS: the same choices arrive as numbered lines, and a number picks one. */
describe('a resident uses the numbered menu by text', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('smsMenu');
  });
  afterAll(() => civicLine.close());

  it('greets with numbered choices and starts a report when the resident replies 1', async () => {
    const resident = new TextingResident(civicLine, '+12895550301');
    const greeting = await resident.say('hello');
    expect(greeting).toMatch(/1\. Report a problem\n2\. Check on a report or permit\n3\. Ask a question/);

    expect(await resident.say('1')).toContain("What's the problem?");
  });

  it('takes the words of a line as that choice, in any case', async () => {
    const resident = new TextingResident(civicLine, '+12895550302');
    await resident.say('hi');
    expect(await resident.say('ask a question')).toContain("what's your question?");
    expect(await resident.say('how do I license my dog?')).toContain('Every dog over 12 weeks');
  });

  it('does not read a number as a menu choice once the menu is no longer the last thing offered', async () => {
    const resident = new TextingResident(civicLine, '+12895550303');
    await resident.say('hi');
    await resident.say('how do I license my dog?');
    // "1" now answers nothing on offer: it is not "Report a problem".
    expect(await resident.say('1')).not.toContain("What's the problem?");
  });
});
