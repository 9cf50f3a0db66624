import { randomBytes } from 'node:crypto';
import { Database } from '../../db/Database';
import { WebhookReceipts } from '../../channels/sms/WebhookReceipts';
import { testDatabaseUri } from '../support/database';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const messageSid = () => 'SM' + randomBytes(16).toString('hex');

function twilioPayload(sid: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  return { MessageSid: sid, From: '+12895550007', To: '+15555550100', Body: body, NumMedia: '0', ...extra };
}

const REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Where is it?</Message></Response>';

describe('WebhookReceipts: each Twilio delivery is handled once', () => {
  let uri: string;
  let database: Database;
  let otherProcess: Database;
  let collection = 0;

  beforeAll(async () => {
    uri = testDatabaseUri('webhookReceipts');
    database = await Database.connect(uri);
    otherProcess = await Database.connect(uri);
  });
  afterAll(async () => {
    await database.close();
    await otherProcess.close();
  });

  /** A fresh receipts collection per test, so options (timeouts) never leak between tests. */
  function receiptsFor(options: ConstructorParameters<typeof WebhookReceipts>[2] = {}, db = database): WebhookReceipts {
    return new WebhookReceipts(db.connection, `smsReceipts${++collection}`, options);
  }
  const stored = (sid: string) => database.connection.collection(`smsReceipts${collection}`).findOne({ _id: sid as never });

  it('claims a delivery the first time and keeps everything Twilio sent', async () => {
    const receipts = receiptsFor();
    const sid = messageSid();
    const payload = twilioPayload(sid, 'pothole on Main St', { MediaUrl0: 'https://api.twilio.com/Media/ME1', NumMedia: '1' });

    expect(await receipts.claim(sid, payload)).toEqual({ kind: 'new' });

    expect(await stored(sid)).toMatchObject({ payload, state: 'processing' });
  });

  it('answers a repeated delivery with the first answer instead of handling it again', async () => {
    const receipts = receiptsFor();
    const sid = messageSid();
    expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'))).toEqual({ kind: 'new' });
    await receipts.complete(sid, REPLY);

    expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'))).toEqual({ kind: 'answered', response: REPLY });
    expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'))).toEqual({ kind: 'answered', response: REPLY });
  });

  it('a repeat arriving while the first is still being handled waits for and returns the first answer', async () => {
    const receipts = receiptsFor({ waitForFirstMs: 3000 });
    const sid = messageSid();
    expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'))).toEqual({ kind: 'new' });

    const started = Date.now();
    const repeat = receipts.claim(sid, twilioPayload(sid, 'pothole'));
    await sleep(300);
    await receipts.complete(sid, REPLY);

    expect(await repeat).toEqual({ kind: 'answered', response: REPLY });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2500);
  });

  it('a repeat handled by another process also waits for the first answer', async () => {
    const first = receiptsFor({ waitForFirstMs: 3000 });
    const second = new WebhookReceipts(otherProcess.connection, `smsReceipts${collection}`, { waitForFirstMs: 3000 });
    const sid = messageSid();
    expect(await first.claim(sid, twilioPayload(sid, 'yes'))).toEqual({ kind: 'new' });

    const repeat = second.claim(sid, twilioPayload(sid, 'yes'));
    await sleep(200);
    await first.complete(sid, REPLY);

    expect(await repeat).toEqual({ kind: 'answered', response: REPLY });
  });

  it('gives up waiting after waitForFirstMs with an empty answer, without handling the message twice', async () => {
    const receipts = receiptsFor({ waitForFirstMs: 300, abandonAfterMs: 60000 });
    const sid = messageSid();
    expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'))).toEqual({ kind: 'new' });

    const started = Date.now();
    expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'))).toEqual({ kind: 'answered', response: '' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await stored(sid)).toMatchObject({ state: 'processing' });
  });

  it('of two identical deliveries arriving together, exactly one is handled', async () => {
    const receipts = receiptsFor({ waitForFirstMs: 3000 });
    const other = new WebhookReceipts(otherProcess.connection, `smsReceipts${collection}`, { waitForFirstMs: 3000 });
    const sid = messageSid();

    const claims = Promise.all([receipts.claim(sid, twilioPayload(sid, 'hi')), other.claim(sid, twilioPayload(sid, 'hi'))]);
    await sleep(200);
    await receipts.complete(sid, REPLY);
    const kinds = (await claims).map((c) => c.kind).sort();

    expect(kinds).toEqual(['answered', 'new']);
  });

  it('a delivery whose handling failed is handled afresh on retry, and its message is still on record', async () => {
    const receipts = receiptsFor();
    const sid = messageSid();
    const payload = twilioPayload(sid, 'streetlight out at King and Queen', { MediaUrl0: 'https://api.twilio.com/Media/ME9' });
    expect(await receipts.claim(sid, payload)).toEqual({ kind: 'new' });
    await receipts.fail(sid);

    expect(await stored(sid)).toMatchObject({ payload, state: 'failed' });

    expect(await receipts.claim(sid, payload)).toEqual({ kind: 'new' });
    expect(await stored(sid)).toMatchObject({ payload, state: 'processing' });

    await receipts.complete(sid, REPLY);
    expect(await receipts.claim(sid, payload)).toEqual({ kind: 'answered', response: REPLY });
  });

  it('of several retries of a failed delivery arriving together, only one handles it and the others get its answer', async () => {
    const receipts = receiptsFor({ waitForFirstMs: 5000 });
    const other = new WebhookReceipts(otherProcess.connection, `smsReceipts${collection}`, { waitForFirstMs: 5000 });
    for (let round = 0; round < 5; round++) {
      const sid = messageSid();
      expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'))).toEqual({ kind: 'new' });
      await receipts.fail(sid);

      const retries = [receipts, other, receipts, other].map((r) => r.claim(sid, twilioPayload(sid, 'pothole')));
      expect(await Promise.race(retries)).toEqual({ kind: 'new' });
      await sleep(150); // every retry has looked at the receipt by now
      await receipts.complete(sid, REPLY);

      const outcomes = await Promise.all(retries);
      expect(outcomes.filter((o) => o.kind === 'new')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'answered')).toEqual(Array(3).fill({ kind: 'answered', response: REPLY }));
    }
  });

  it('a delivery left "processing" by a crashed process is handled again once abandonAfterMs has passed', async () => {
    const crashed = receiptsFor({ abandonAfterMs: 200 });
    const sid = messageSid();
    const payload = twilioPayload(sid, 'water main break on Elm St');
    expect(await crashed.claim(sid, payload)).toEqual({ kind: 'new' });
    // The process that claimed it dies: no complete(), no fail().

    const restarted = new WebhookReceipts(otherProcess.connection, `smsReceipts${collection}`, { abandonAfterMs: 200, waitForFirstMs: 3000 });
    const started = Date.now();
    expect(await restarted.claim(sid, payload)).toEqual({ kind: 'new' });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await stored(sid)).toMatchObject({ payload, state: 'processing' });

    // The retry that took it over is now the one being waited for, not abandoned again at once.
    await restarted.complete(sid, REPLY);
    expect(await crashed.claim(sid, payload)).toEqual({ kind: 'answered', response: REPLY });
  });

  it('a delivery still within abandonAfterMs is not taken over', async () => {
    const receipts = receiptsFor({ abandonAfterMs: 5000, waitForFirstMs: 300 });
    const sid = messageSid();
    expect(await receipts.claim(sid, twilioPayload(sid, 'x'))).toEqual({ kind: 'new' });
    expect(await receipts.claim(sid, twilioPayload(sid, 'x'))).toEqual({ kind: 'answered', response: '' });
  });
});

describe('WebhookReceipts on FerretDB (indexes only a plain {_id} filter)', () => {
  it('fail() finds and updates the receipt by _id alone, and leaves an answered delivery as it was', async () => {
    const database = await Database.connect(testDatabaseUri('receiptFilters'));
    const filters: unknown[] = [];
    database.connection.set('debug', (_collection: string, _method: string, filter: unknown) => filters.push(filter));
    try {
      const receipts = new WebhookReceipts(database.connection, 'smsReceipts');
      const [failed, answered] = [messageSid(), messageSid()];
      await receipts.claim(failed, twilioPayload(failed, 'pothole'));
      await receipts.claim(answered, twilioPayload(answered, 'hi'));
      await receipts.complete(answered, REPLY);

      filters.length = 0;
      await receipts.fail(failed);
      await receipts.fail(answered);

      expect(filters.length).toBeGreaterThan(0);
      for (const filter of filters) expect(Object.keys(filter as object)).toEqual(['_id']);
      const stored = (sid: string) => database.connection.collection('smsReceipts').findOne({ _id: sid as never });
      expect(await stored(failed)).toMatchObject({ state: 'failed' });
      expect(await stored(answered)).toMatchObject({ state: 'done', response: REPLY });
    } finally {
      await database.close();
    }
  });
});
