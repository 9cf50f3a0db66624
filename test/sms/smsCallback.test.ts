import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { textsQueuedFor } from '../support/outbox';

/** Sunday 3 January 2027, 10:00 in Toronto: the service centre is closed. */
const SUNDAY = new Date('2027-01-03T15:00:00Z');

describe('a call-back asked for by text, outside opening hours', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  let ticks = 0;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    const apiBaseUrl = await twilioApi.start();
    civicLine = await startCivicLine(
      'smsCallback',
      { TWILIO_API_BASE_URL: apiBaseUrl, OPENING_HOURS: 'Mon-Fri 08:30-16:30; Sat 09:00-12:00', CITY_STAFF_NUMBER: '+19055550311', CALLBACK_DISPATCH_SECONDS: '0' },
      undefined,
      // A second passes with every reading of the clock, so requests made one after the other are in that order.
      { clock: () => new Date(SUNDAY.getTime() + ticks++ * 1000) },
    );
  });
  afterAll(async () => {
    await civicLine.close();
    await twilioApi.stop();
  });

  it('says the office is closed, when it opens, and when someone will call; the reply itself is the confirmation', async () => {
    const resident = new TextingResident(civicLine, '+12895551101');
    const offer = await resident.say('can I talk to a person');
    expect(offer).toContain('Our service centre is closed right now. You can reach it at 905-555-0311, Mon to Fri, 8:30');
    expect(offer).toMatch(/and Sat, 9:00\sa\.m\. to 12:00\sp\.m\. Would you like someone to call you back\?\n1\. Yes, call me back\n2\. No, thanks/);
    const when = await resident.say('1');
    expect(when).toMatch(/closed right now; it's open Mon to Fri[\s\S]*When should we call you\?\n1\. As soon as we open\n2\. Tomorrow between 8:30\sa\.m\. and 12:30\sp\.m\./);
    expect(await resident.say('1')).toBe('In a few words, what is it about?');
    expect(await resident.say('a tree fell on my fence from the park')).toBe('Should we call you at 289-555-1101?\n1. Yes, this number\n2. Another number');
    expect(await resident.say('1')).toMatch(/^Done: you're number 1 in line for a call back to 289-555-1101\. Expect our call tomorrow from 8:30\sa\.m\., when we open\.$/);
    expect(await textsQueuedFor(civicLine, resident.phone)).toEqual([]);
    expect(twilioApi.calls).toEqual([]);
  });

  it('tells anyone behind the first in line "soon after we open", not a time after the opening "when we open"', async () => {
    const replies: string[] = [];
    for (const phone of ['+12895551103', '+12895551104']) {
      const resident = new TextingResident(civicLine, phone);
      await resident.say('can someone call me back');
      await resident.say('1');
      await resident.say('my tax bill');
      replies.push(await resident.say('1'));
    }
    const behind = replies[1]; // behind the other one at least
    expect(behind).toMatch(/Expect our call tomorrow from about 8:\d\d\sa\.m\., soon after we open\./);
    expect(behind).not.toMatch(/when we open/);
  });

  it('gives a French resident the hours as written in Canadian French ("8 h 30", not "8:30")', async () => {
    const resident = new TextingResident(civicLine, '+12895551102');
    const offer = await resident.say("je veux parler à quelqu'un s'il vous plaît");
    expect(offer).toMatch(/de 8\sh\s30 à 16\sh\s30/);
    expect(offer).not.toMatch(/\d:\d\d/);
  });
});
