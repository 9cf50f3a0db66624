import { randomUUID } from 'node:crypto';
import { CivicLine } from '../../app/createCivicLine';
import { newMessageSid, smsWebhookParams } from '../../scripts/smsClient';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { CITY_NUMBER, SMS_WEBHOOK_URL, TEST_AUTH_TOKEN } from '../support/testConfig';
import { waitFor } from '../support/waitFor';

const SOMETHING_WENT_WRONG = /something went wrong|briefly unavailable|started our conversation over/;

/**
 * The database as a server process leaves it when it dies in the middle of handling a text: the receipt still says
 * "processing", under an owner that will never renew its lease or record an answer.
 */
async function leftByCrashedProcess(civicLine: CivicLine, sid: string, resident: TextingResident, body: string, leaseLeftMs = -1): Promise<void> {
  const payload = smsWebhookParams({ webhookUrl: SMS_WEBHOOK_URL, authToken: TEST_AUTH_TOKEN, from: resident.phone, to: CITY_NUMBER }, body, [], sid);
  const at = new Date(Date.now() - 5000);
  await civicLine.database.connection
    .collection<{ _id: string }>('smsReceipts')
    .replaceOne(
      { _id: sid },
      { payload, state: 'processing', owner: `crashed-${randomUUID()}`, leaseUntil: new Date(Date.now() + leaseLeftMs), receivedAt: at, updatedAt: at },
      { upsert: true },
    );
}

async function conversationState(civicLine: CivicLine, phone: string): Promise<Record<string, unknown>> {
  const doc = await civicLine.database.connection.collection<{ _id: string; json: string }>('botState').findOne({ _id: `sms/conversations/${CITY_NUMBER}:${phone}/` });
  return JSON.parse(doc!.json) as Record<string, unknown>;
}

describe('a text whose handling was cut short by a crash, delivered again by Twilio (same MessageSid)', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('exactlyOnce');
  });
  afterAll(() => civicLine.close());

  it('gets the answer its turn gave when the turn was saved just before the crash, and is not applied twice', async () => {
    const resident = new TextingResident(civicLine, '+12895550601');
    expect(await resident.say('the streetlight is out')).toContain('Where is it?');
    const sid = newMessageSid();
    const first = await resident.send('40 King St', [], sid);
    expect(first.replies.join(' ')).toContain('Please check: Streetlight out at 40 King St');
    // The turn's state (with its answer) was saved; then the process died before recording the answer in the receipt.
    await leftByCrashedProcess(civicLine, sid, resident, '40 King St');

    const retry = await resident.send('40 King St', [], sid);

    expect(retry.status).toBe(200);
    expect(retry.twiml).toBe(first.twiml);
    // The address was applied once: the next text adds to the description, it is not a second location.
    expect(await resident.say('dark for a week, kids walk here')).toContain("I've added that to the description.");
    await resident.say('yes');
    const [filed] = await civicLine.cases.listForReporter(resident.phone);
    expect(filed.location.text).toBe('40 King St');
    expect(filed.description).toBe('the streetlight is out\ndark for a week, kids walk here');
  });

  it('is run again from the state before it when the crash came before the turn was saved, filing one case', async () => {
    const resident = new TextingResident(civicLine, '+12895550602');
    expect(await resident.say('pothole at 12 Elm St, deep enough to bend a rim')).toContain('Reply YES');
    // The crashed YES turn had already opened the case (then died before saving its state or answering).
    const draft = (await conversationState(civicLine, resident.phone)).reportDraft as { submissionKey: string };
    const opened = await civicLine.cases.open({
      category: 'pothole',
      location: { text: '12 Elm St', kind: 'address' },
      description: 'pothole at 12 Elm St, deep enough to bend a rim',
      photos: [],
      urgent: false,
      submissionKey: draft.submissionKey,
      reporter: { channel: 'sms', address: resident.phone, locale: 'en', conversation: {} },
    });
    const sid = newMessageSid();
    await leftByCrashedProcess(civicLine, sid, resident, 'yes');

    const retry = await resident.send('yes', [], sid);

    expect(retry.replies.join(' ')).toContain(`Your case number is ${opened.number}`);
    expect((await civicLine.cases.listForReporter(resident.phone)).map((c) => c.number)).toEqual([opened.number]);
    // The report is settled: the conversation is not left waiting at the confirmation.
    expect(await resident.say('yes')).not.toContain('case number');
  });

  it('waits out the dead handler\'s short lease and answers for real, within the webhook budget', async () => {
    const resident = new TextingResident(civicLine, '+12895550603');
    const sid = newMessageSid();
    await leftByCrashedProcess(civicLine, sid, resident, 'how do I license my dog?', 1500);

    const started = Date.now();
    const retry = await resident.send('how do I license my dog?', [], sid);
    const took = Date.now() - started;

    expect(retry.replies.join(' ')).toContain('Every dog over 12 weeks');
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(5000);
  });

  it('copies of one text delivered at once are handled once and all carry the same answer', async () => {
    const resident = new TextingResident(civicLine, '+12895550604');
    expect(await resident.say('graffiti on the library wall at 50 Queen St, big red letters')).toContain('Reply YES');
    const sid = newMessageSid();

    const copies = await Promise.all([1, 2, 3, 4].map(() => resident.send('yes', [], sid)));

    const answers = new Set(copies.map((c) => c.twiml));
    expect(answers.size).toBe(1);
    expect(copies[0].replies.join(' ')).toMatch(/case number is \d{8}/);
    expect(copies[0].replies.join(' ')).not.toMatch(SOMETHING_WENT_WRONG);
    expect(await civicLine.cases.listForReporter(resident.phone)).toHaveLength(1);
  });
});

describe('a retry that cannot wait out the crashed handler\'s lease within its budget', () => {
  it('answers without replies, and the real answer follows by text once the lease has run out: never silence', async () => {
    const twilioApi = new FakeTwilioApi();
    const civicLine = await startCivicLine('busyRetry', { SMS_REPLY_BUDGET_MS: '400', TWILIO_API_BASE_URL: await twilioApi.start() });
    try {
      const resident = new TextingResident(civicLine, '+12895550605');
      const sid = newMessageSid();
      await leftByCrashedProcess(civicLine, sid, resident, 'how do I license my dog?', 2000);

      const retry = await resident.send('how do I license my dog?', [], sid);

      expect(retry.status).toBe(200);
      expect(retry.replies).toEqual([]);
      await waitFor(() => twilioApi.to(resident.phone).length > 0, 'the answer was texted', 15000);
      expect(twilioApi.to(resident.phone).map((m) => m.body).join('\n')).toContain('Every dog over 12 weeks');
      await new Promise((r) => setTimeout(r, 2500));
      expect(twilioApi.to(resident.phone)).toHaveLength(1);
    } finally {
      await civicLine.close();
      await twilioApi.stop();
    }
  });
});
