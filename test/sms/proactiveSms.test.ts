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
