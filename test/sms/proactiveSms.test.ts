import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { CITY_NUMBER, TEST_AUTH_TOKEN } from '../support/testConfig';
import { waitFor } from '../support/waitFor';

async function fileCase(resident: TextingResident): Promise<string> {
  await resident.say('pothole at 9 Mill St, my front tire went right in');
  return /case number is (\d{8})/.exec(await resident.say('yes'))![1];
}

/** Texts sent outside a webhook reply go through the outbox and the real twilio SDK; TWILIO_API_BASE_URL points it here. */
describe('texting a resident later (proactive SMS through the outbox and the Twilio REST API)', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    const apiBaseUrl = await twilioApi.start();
    civicLine = await startCivicLine('proactiveSms', { TWILIO_API_BASE_URL: apiBaseUrl, TWILIO_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await civicLine.close();
    await twilioApi.stop();
  });
  afterEach(() => {
    twilioApi.behaviour = 'accept';
  });

  it("reaches a reporter through the conversation reference stored on their case, from the city's number", async () => {
    const resident = new TextingResident(civicLine, '+12895550401');
    const number = await fileCase(resident);
    const reporter = (await civicLine.cases.findByNumber(number))!.reporters[0];

    await civicLine.sms.continueConversationAsync('', reporter.conversation, async (context) => {
      await context.sendActivity(`Case ${number} is scheduled.`);
    });

    await waitFor(() => twilioApi.to('+12895550401').length === 1, 'the text reached Twilio');
    expect(twilioApi.to('+12895550401')).toEqual([expect.objectContaining({ from: CITY_NUMBER, body: `Case ${number} is scheduled.` })]);
    const [user, password] = Buffer.from(twilioApi.messages[0].authorization.replace('Basic ', ''), 'base64').toString().split(':');
    expect(user).toBe(twilioApi.messages[0].accountSid);
    expect(password).toBe(TEST_AUTH_TOKEN);
  });

  it('sends a picture with no text as one message carrying the picture', async () => {
    const resident = new TextingResident(civicLine, '+12895550404');
    const number = await fileCase(resident);
    const reporter = (await civicLine.cases.findByNumber(number))!.reporters[0];
    const picture = 'https://city.example/crews/after-repair.jpg';

    await civicLine.sms.continueConversationAsync('', reporter.conversation, async (context) => {
      await context.sendActivity({ type: 'message', attachments: [{ contentType: 'image/jpeg', contentUrl: picture }] });
    });

    await waitFor(() => twilioApi.to('+12895550404').length === 1, 'the picture reached Twilio');
    expect(twilioApi.to('+12895550404')).toEqual([expect.objectContaining({ from: CITY_NUMBER, body: '', mediaUrl: [picture] })]);
  });

  it('records an opt-out Twilio reports (error 21610) and never tries that number again', async () => {
    const resident = new TextingResident(civicLine, '+12895550402');
    const number = await fileCase(resident);
    twilioApi.blocked.add('+12895550402');
    const attemptsBefore = twilioApi.attempts;

    await civicLine.cases.changeStatus(number, 'scheduled');
    await waitFor(() => twilioApi.attempts === attemptsBefore + 1, 'Twilio was tried once');
    await waitFor(async () => (await civicLine.outbox.pendingCount()) === 0, 'the outbox gave up on it for good');
    twilioApi.blocked.delete('+12895550402');
    const queued = await civicLine.outbox.enqueue({ key: 'test:after-21610', channel: 'sms', to: '+12895550402', text: 'Update on your case', reason: 'test' });

    expect(queued).toBe('opted_out');
    await new Promise((r) => setTimeout(r, 300));
    expect(twilioApi.attempts).toBe(attemptsBefore + 1);
    expect(twilioApi.to('+12895550402')).toEqual([]);
    expect((await resident.send('how do I license my dog?')).replies).toEqual([]);
  });

  it("a notification failing at Twilio (500) leaves the resident's half-written report alone, and is sent once Twilio recovers", async () => {
    const resident = new TextingResident(civicLine, '+12895550405');
    const number = await fileCase(resident);
    expect(await resident.say('the streetlight is out')).toContain('Where is it?');
    twilioApi.behaviour = 'fail';
    const attemptsBefore = twilioApi.attempts;

    const changed = await civicLine.cases.changeStatus(number, 'in_progress', 'Crew on site');

    expect(changed?.status).toBe('in_progress');
    await waitFor(() => twilioApi.attempts >= attemptsBefore + 2, 'Twilio was tried again after the 500');
    // The report in progress is intact: the next answer continues it, nothing was started over.
    const next = await resident.say('40 King St');
    expect(next).toContain('Please check: Streetlight out at 40 King St');
    expect(next).not.toMatch(/started our conversation over|something went wrong/);

    twilioApi.behaviour = 'accept';
    await waitFor(() => twilioApi.to('+12895550405').length === 1, 'the notice was sent after Twilio recovered', 20000);
    expect(twilioApi.to('+12895550405')[0].body).toMatch(new RegExp(`${number}[\\s\\S]*Work in progress[\\s\\S]*Note from staff: Crew on site`));
    expect(await resident.say('it has been dark for a week')).toContain("I've added that to the description.");
  });

  it('a notification while Twilio hangs returns at once, does not hold up the resident, and is sent once Twilio answers again', async () => {
    const resident = new TextingResident(civicLine, '+12895550406');
    const number = await fileCase(resident);
    const reporter = (await civicLine.cases.findByNumber(number))!.reporters[0];
    twilioApi.behaviour = 'hang';
    const attemptsBefore = twilioApi.attempts;

    const started = Date.now();
    await civicLine.sms.continueConversationAsync('', reporter.conversation, async (context) => {
      const key = `case:${number}:crew-booked`;
      const response = await context.sendActivity({ type: 'message', text: `Case ${number}: crew booked.`, channelData: { outboxKey: key } });
      expect(response?.id).toBe(key); // queued, under the caller's key
    });
    const notifyTook = Date.now() - started;
    await waitFor(() => twilioApi.attempts > attemptsBefore, 'the send to Twilio started');

    const answerStarted = Date.now();
    expect(await resident.say('how do I license my dog?')).toContain('Every dog over 12 weeks');
    const answerTook = Date.now() - answerStarted;
    expect(notifyTook).toBeLessThan(1000);
    expect(answerTook).toBeLessThan(1000);

    twilioApi.behaviour = 'accept';
    twilioApi.dropHung();
    await waitFor(() => twilioApi.to('+12895550406').length === 1, 'the notice was sent once Twilio answered again', 20000);
    await new Promise((r) => setTimeout(r, 500));
    expect(twilioApi.to('+12895550406').map((m) => m.body)).toEqual([`Case ${number}: crew booked.`]);
  });

  it('a message queued twice under one key is sent once, and the caller is told which', async () => {
    const message = { key: 'test:twice', channel: 'sms', to: '+12895550407', text: 'Your call-back is booked for 2 pm.', reason: 'test' };
    expect(await civicLine.outbox.enqueue(message)).toBe('queued');
    expect(await civicLine.outbox.enqueue(message)).toBe('duplicate');
    await waitFor(() => twilioApi.to('+12895550407').length === 1, 'sent');
    expect(await civicLine.outbox.enqueue(message)).toBe('duplicate');
    await new Promise((r) => setTimeout(r, 300));
    expect(twilioApi.to('+12895550407')).toHaveLength(1);
  });
});

describe('the outbox across a restart', () => {
  it('a late reply Twilio refused before the server stopped is sent by the next server, exactly once', async () => {
    const twilioApi = new FakeTwilioApi();
    const env = { TWILIO_API_BASE_URL: await twilioApi.start(), SMS_REPLY_BUDGET_MS: '0', TWILIO_TIMEOUT_MS: '1000' };
    const uri = testDatabaseUri('outboxRestart');
    twilioApi.behaviour = 'fail';
    const first = await startCivicLine('outboxRestart', env, uri);
    try {
      const resident = new TextingResident(first, '+12895550408');
      expect((await resident.send('pothole at 3 Brock St, deep enough to bend a rim')).replies).toEqual([]);
      await waitFor(() => twilioApi.attempts >= 1, 'Twilio was tried');
    } finally {
      await first.close();
    }
    expect(twilioApi.messages).toEqual([]);

    twilioApi.behaviour = 'accept';
    const second = await startCivicLine('outboxRestart', env, uri);
    try {
      await waitFor(() => twilioApi.to('+12895550408').length === 1, 'the next server sent it', 20000);
      expect(twilioApi.to('+12895550408')[0].body).toMatch(/Pothole at 3 Brock St[\s\S]*Reply YES to send it/);
      await new Promise((r) => setTimeout(r, 1500));
      expect(twilioApi.to('+12895550408')).toHaveLength(1);
    } finally {
      await second.close();
      await twilioApi.stop();
    }
  });
});
