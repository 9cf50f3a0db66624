import { Activity } from 'botbuilder';
import { CivicLine } from '../../app/createCivicLine';
import { WebhookReceipts } from '../../channels/sms/WebhookReceipts';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { waitFor } from '../support/waitFor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every turn starts this much later, as when the database is slow. */
function slowTurns(civicLine: CivicLine, ms: number): void {
  const run = civicLine.sms.processInbound.bind(civicLine.sms);
  jest.spyOn(civicLine.sms, 'processInbound').mockImplementation(async (...args) => {
    await sleep(ms);
    return run(...args);
  });
}

describe('replies texted after the webhook answered (turns slower than the reply budget)', () => {
  let twilioApi: FakeTwilioApi;
  let apiBaseUrl: string;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    apiBaseUrl = await twilioApi.start();
  });
  afterAll(() => twilioApi.stop());
  afterEach(() => jest.restoreAllMocks());

  it('are handed to the outbox when the server shuts down meanwhile, and texted once, by it or by the next server', async () => {
    const uri = testDatabaseUri('lateAtShutdown');
    const env = { TWILIO_API_BASE_URL: apiBaseUrl, SMS_REPLY_BUDGET_MS: '0' };
    const civicLine = await startCivicLine('lateAtShutdown', env, uri);
    slowTurns(civicLine, 500);
    const resident = new TextingResident(civicLine, '+12895550501');

    const answer = await resident.send('pothole at 3 Brock St, deep enough to bend a rim');
    expect(answer.replies).toEqual([]);
    expect(twilioApi.messages.filter((m) => m.to === resident.phone)).toEqual([]);

    const started = Date.now();
    await civicLine.close(); // SIGTERM arrives while the turn is still running
    expect(Date.now() - started).toBeLessThan(4000);

    const next = await startCivicLine('lateAtShutdown', env, uri);
    try {
      await waitFor(() => twilioApi.messages.some((m) => m.to === resident.phone), 'the late reply was texted');
      await sleep(1500);
      const sent = twilioApi.messages.filter((m) => m.to === resident.phone);
      expect(sent).toHaveLength(1);
      expect(sent[0].body).toMatch(/Pothole at 3 Brock St[\s\S]*Reply YES to send it/);
    } finally {
      await next.close();
    }
  });

  it('hold up shutdown no longer than the grace period when a turn never ends', async () => {
    const civicLine = await startCivicLine('lateStuck', { TWILIO_API_BASE_URL: apiBaseUrl, SMS_REPLY_BUDGET_MS: '0' }, undefined, {
      lateReplyGraceMs: 300,
    });
    let finishTurn!: (replies: Partial<Activity>[]) => void;
    jest.spyOn(civicLine.sms, 'processInbound').mockReturnValue(new Promise((resolve) => (finishTurn = resolve)));
    const resident = new TextingResident(civicLine, '+12895550502');
    expect((await resident.send('hello')).replies).toEqual([]);

    const started = Date.now();
    await civicLine.close();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2000);
    finishTurn([]);
  });

  it('take over when recording the delivery used up the budget, so Twilio gets its answer in time', async () => {
    const civicLine = await startCivicLine('slowClaim', { TWILIO_API_BASE_URL: apiBaseUrl, SMS_REPLY_BUDGET_MS: '1000' });
    try {
      const claim = WebhookReceipts.prototype.claim;
      jest.spyOn(WebhookReceipts.prototype, 'claim').mockImplementation(async function (this: WebhookReceipts, ...args) {
        await sleep(800);
        return claim.apply(this, args);
      });
      slowTurns(civicLine, 500);
      const resident = new TextingResident(civicLine, '+12895550503');

      const started = Date.now();
      const answer = await resident.send('pothole at 11 Bell St, deep enough to bend a rim');
      const took = Date.now() - started;

      // 800 ms claiming + 500 ms of turn overrun a 1,000 ms budget counted from arrival.
      expect(answer.replies).toEqual([]);
      expect(took).toBeLessThan(1300);
      await waitFor(() => twilioApi.messages.some((m) => m.to === resident.phone));
      expect(twilioApi.messages.find((m) => m.to === resident.phone)!.body).toMatch(/Pothole at 11 Bell St/);
    } finally {
      await civicLine.close();
    }
  });
});
