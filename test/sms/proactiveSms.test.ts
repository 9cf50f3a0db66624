import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { CITY_NUMBER, TEST_AUTH_TOKEN } from '../support/testConfig';

/** Texts sent outside a webhook reply go through the real twilio SDK; TWILIO_API_BASE_URL points it here. */
describe('texting a resident later (proactive SMS through the Twilio REST API)', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    const apiBaseUrl = await twilioApi.start();
    civicLine = await startCivicLine('proactiveSms', { TWILIO_API_BASE_URL: apiBaseUrl });
  });
  afterAll(async () => {
    await civicLine.close();
    await twilioApi.stop();
  });

  async function fileCase(resident: TextingResident): Promise<string> {
    await resident.say('pothole at 9 Mill St, my front tire went right in');
    return /case number is (\d{8})/.exec(await resident.say('yes'))![1];
  }

  it("reaches a reporter through the conversation reference stored on their case, from the city's number", async () => {
    const resident = new TextingResident(civicLine, '+12895550401');
    const number = await fileCase(resident);
    const reporter = (await civicLine.cases.findByNumber(number))!.reporters[0];

    await civicLine.sms.continueConversationAsync('', reporter.conversation, async (context) => {
      await context.sendActivity(`Case ${number} is scheduled.`);
    });

    expect(twilioApi.messages).toEqual([
      expect.objectContaining({ to: '+12895550401', from: CITY_NUMBER, body: `Case ${number} is scheduled.` }),
    ]);
    const [user, password] = Buffer.from(twilioApi.messages[0].authorization.replace('Basic ', ''), 'base64').toString().split(':');
    expect(user).toBe(twilioApi.messages[0].accountSid);
    expect(password).toBe(TEST_AUTH_TOKEN);
  });

  it('sends a picture with no text as one message carrying the picture', async () => {
    const resident = new TextingResident(civicLine, '+12895550404');
    const number = await fileCase(resident);
    const reporter = (await civicLine.cases.findByNumber(number))!.reporters[0];
    const before = twilioApi.messages.length;
    const picture = 'https://city.example/crews/after-repair.jpg';

    await civicLine.sms.continueConversationAsync('', reporter.conversation, async (context) => {
      await context.sendActivity({ type: 'message', attachments: [{ contentType: 'image/jpeg', contentUrl: picture }] });
    });

    expect(twilioApi.messages.slice(before)).toEqual([
      expect.objectContaining({ to: '+12895550404', from: CITY_NUMBER, body: '', mediaUrl: [picture] }),
    ]);
  });

  it('records an opt-out Twilio reports (error 21610) and never tries that number again', async () => {
    const resident = new TextingResident(civicLine, '+12895550402');
    const number = await fileCase(resident);
    const reporter = (await civicLine.cases.findByNumber(number))!.reporters[0];
    twilioApi.blocked.add('+12895550402');
    const before = twilioApi.messages.length;

    const notify = () =>
      civicLine.sms.continueConversationAsync('', reporter.conversation, async (context) => {
        await context.sendActivity('Update on your case');
      });
    await expect(notify()).resolves.toBeUndefined();
    twilioApi.blocked.delete('+12895550402');
    await notify();

    expect(twilioApi.messages.length).toBe(before);
    expect((await resident.send('how do I license my dog?')).replies).toEqual([]);
  });
});

describe('a turn slower than the webhook budget', () => {
  it('answers Twilio at once and texts the replies, in order and complete, when the turn ends', async () => {
    const twilioApi = new FakeTwilioApi();
    const civicLine = await startCivicLine('lateReplies', { TWILIO_API_BASE_URL: await twilioApi.start(), SMS_REPLY_BUDGET_MS: '0' });
    try {
      const resident = new TextingResident(civicLine, '+12895550403');
      const answer = await resident.send('pothole at 3 Brock St, deep enough to bend a rim');
      expect(answer.status).toBe(200);
      expect(answer.replies).toEqual([]);
      await waitFor(() => twilioApi.messages.length === 1);
      expect(twilioApi.messages[0]).toMatchObject({ to: '+12895550403', from: CITY_NUMBER });
      expect(twilioApi.messages[0].body).toMatch(/Pothole at 3 Brock St[\s\S]*Reply YES to send it/);

      await resident.send('yes');
      await waitFor(() => twilioApi.messages.length === 2);
      expect(twilioApi.messages[1].body).toMatch(/case number is \d{8}/);
    } finally {
      await civicLine.close();
      await twilioApi.stop();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
