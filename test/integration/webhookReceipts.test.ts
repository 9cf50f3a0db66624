import { randomBytes } from 'node:crypto';
import { Database } from '../../db/Database';
import { WebhookReceipts } from '../../channels/sms/WebhookReceipts';
import { testDatabaseUri } from '../support/database';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const messageSid = () => 'SM' + randomBytes(16).toString('hex');

function twilioPayload(sid: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  return { MessageSid: sid, From: '+12895550007', To: '+15555550100', Body: body, NumMedia: '0', ...extra };
}

/** A delivery arriving now that may wait for another one up to waitMs. */
const arriving = (waitMs = 3000) => ({ arrivedAt: Date.now(), deadline: Date.now() + waitMs });

const REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Where is it?</Message></Response>';
const SEND_AGAIN = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Please send it again</Message></Response>';

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

  /** A fresh receipts collection per test, so options (leases) never leak between tests. */
  function receiptsFor(options: ConstructorParameters<typeof WebhookReceipts>[2] = {}, db = database): WebhookReceipts {
    return new WebhookReceipts(db.connection, `smsReceipts${++collection}`, options);
  }
  const inOtherProcess = (options: ConstructorParameters<typeof WebhookReceipts>[2] = {}) =>
    new WebhookReceipts(otherProcess.connection, `smsReceipts${collection}`, options);
  const stored = (sid: string) => database.connection.collection(`smsReceipts${collection}`).findOne({ _id: sid as never });

  it('claims a delivery the first time and keeps everything Twilio sent', async () => {
    const receipts = receiptsFor();
    const sid = messageSid();
    const payload = twilioPayload(sid, 'pothole on Main St', { MediaUrl0: 'https://api.twilio.com/Media/ME1', NumMedia: '1' });

    expect(await receipts.claim(sid, payload, arriving())).toEqual({ kind: 'new', owner: expect.any(String) });

    expect(await stored(sid)).toMatchObject({ payload, state: 'processing' });
  });

  it('answers a repeated delivery with the first answer instead of handling it again', async () => {
    const receipts = receiptsFor();
    const sid = messageSid();
    expect((await receipts.claim(sid, twilioPayload(sid, 'pothole'), arriving())).kind).toBe('new');
    await receipts.complete(sid, REPLY);

    expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'), arriving())).toEqual({ kind: 'answered', response: REPLY });
    expect(await receipts.claim(sid, twilioPayload(sid, 'pothole'), arriving())).toEqual({ kind: 'answered', response: REPLY });
  });

  it('a repeat arriving while the first is still being handled waits for and returns the first answer', async () => {
    const receipts = receiptsFor();
    const sid = messageSid();
    expect((await receipts.claim(sid, twilioPayload(sid, 'pothole'), arriving())).kind).toBe('new');

    const started = Date.now();
    const repeat = receipts.claim(sid, twilioPayload(sid, 'pothole'), arriving(3000));
    await sleep(300);
    await receipts.complete(sid, REPLY);

    expect(await repeat).toEqual({ kind: 'answered', response: REPLY });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2500);
  });

  it('a repeat handled by another process also waits for the first answer', async () => {
    const first = receiptsFor();
    const second = inOtherProcess();
    const sid = messageSid();
    expect((await first.claim(sid, twilioPayload(sid, 'yes'), arriving())).kind).toBe('new');

    const repeat = second.claim(sid, twilioPayload(sid, 'yes'), arriving());
    await sleep(200);
    await first.complete(sid, REPLY);

    expect(await repeat).toEqual({ kind: 'answered', response: REPLY });
  });

  it('a handler that keeps working keeps its delivery, however long: a repeat is told it is busy, never handles it', async () => {
    const receipts = receiptsFor({ leaseMs: 800 });
    const sid = messageSid();
    const claim = await receipts.claim(sid, twilioPayload(sid, 'pothole'), arriving());
    if (claim.kind !== 'new') throw new Error('first delivery not claimed');
    const lease = receipts.holdLease(sid, claim.owner);
    try {
      await sleep(2500); // three leases: renewed all along
      const started = Date.now();
      expect(await inOtherProcess({ leaseMs: 800 }).claim(sid, twilioPayload(sid, 'pothole'), arriving(500))).toEqual({ kind: 'busy' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(await stored(sid)).toMatchObject({ state: 'processing', owner: claim.owner });
    } finally {
      await lease.stop();
    }
  });

  it('a delivery left "processing" by a crashed handler is taken over by a retry within the lease, not after a minute', async () => {
    const crashed = receiptsFor(); // default lease: a few seconds
    const sid = messageSid();
    const payload = twilioPayload(sid, 'water main break on Elm St');
    expect((await crashed.claim(sid, payload, arriving())).kind).toBe('new');
    // The process that claimed it dies: no renewal, no complete(), no fail().

    const restarted = inOtherProcess();
    const started = Date.now();
    const retry = await restarted.claim(sid, payload, arriving(10000));
    const waited = Date.now() - started;

    expect(retry).toEqual({ kind: 'new', owner: expect.any(String) });
    expect(waited).toBeLessThan(restarted.leaseMs + 1000);
    expect(await stored(sid)).toMatchObject({ payload, state: 'processing', owner: (retry as { owner: string }).owner });

    // The retry that took it over is now the one waited for, and its answer is everyone's.
    await restarted.complete(sid, REPLY);
    expect(await crashed.claim(sid, payload, arriving())).toEqual({ kind: 'answered', response: REPLY });
  });

  it('of two identical deliveries arriving together, exactly one is handled', async () => {
    const receipts = receiptsFor();
    const other = inOtherProcess();
    const sid = messageSid();

    const claims = Promise.all([receipts.claim(sid, twilioPayload(sid, 'hi'), arriving()), other.claim(sid, twilioPayload(sid, 'hi'), arriving())]);
    await sleep(200);
    await receipts.complete(sid, REPLY);
    const kinds = (await claims).map((c) => c.kind).sort();

    expect(kinds).toEqual(['answered', 'new']);
  });

  it('a copy that arrived before the handling failed gets the same "send it again"; a retry after the failure is handled afresh', async () => {
    const receipts = receiptsFor();
    const sid = messageSid();
    const payload = twilioPayload(sid, 'streetlight out at King and Queen', { MediaUrl0: 'https://api.twilio.com/Media/ME9' });
    expect((await receipts.claim(sid, payload, arriving())).kind).toBe('new');
    const copy = receipts.claim(sid, payload, arriving());
    await sleep(100);
    await receipts.fail(sid, SEND_AGAIN);

    expect(await copy).toEqual({ kind: 'answered', response: SEND_AGAIN });
    expect(await stored(sid)).toMatchObject({ payload, state: 'failed', response: SEND_AGAIN });

    await sleep(5);
    expect((await receipts.claim(sid, payload, arriving())).kind).toBe('new');
    expect(await stored(sid)).toMatchObject({ payload, state: 'processing' });

    await receipts.complete(sid, REPLY);
    expect(await receipts.claim(sid, payload, arriving())).toEqual({ kind: 'answered', response: REPLY });
  });

  it('of several retries of a failed delivery arriving together, only one handles it and the others get its answer', async () => {
    const receipts = receiptsFor();
    const other = inOtherProcess();
    for (let round = 0; round < 5; round++) {
      const sid = messageSid();
      expect((await receipts.claim(sid, twilioPayload(sid, 'pothole'), arriving())).kind).toBe('new');
      await receipts.fail(sid, SEND_AGAIN);
      await sleep(5);

      const retries = [receipts, other, receipts, other].map((r) => r.claim(sid, twilioPayload(sid, 'pothole'), arriving(5000)));
      expect((await Promise.race(retries)).kind).toBe('new');
      await sleep(150); // every retry has looked at the receipt by now
      await receipts.complete(sid, REPLY);

      const outcomes = await Promise.all(retries);
      expect(outcomes.filter((o) => o.kind === 'new')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'answered')).toEqual(Array(3).fill({ kind: 'answered', response: REPLY }));
    }
  });

  it('lists deliveries whose replies are owed by text until they are settled', async () => {
    const receipts = receiptsFor();
    const [a, b] = [messageSid(), messageSid()];
    await receipts.markLate(a);
    await receipts.markLate(a);
    await receipts.markLate(b);
    expect((await receipts.lateIds()).sort()).toEqual([a, b].sort());
    await receipts.clearLate(a);
    expect(await receipts.lateIds()).toEqual([b]);
  });

  it('retention deletes receipts last touched before the cutoff, and keeps newer ones', async () => {
    const receipts = receiptsFor();
    const [old, recent] = [messageSid(), messageSid()];
    await receipts.claim(old, twilioPayload(old, 'old'), arriving());
    await receipts.complete(old, REPLY);
    await sleep(20);
    const cutoff = new Date();
    await receipts.claim(recent, twilioPayload(recent, 'recent'), arriving());

    expect(await receipts.deleteBefore(cutoff)).toBe(1);
    expect(await stored(old)).toBeNull();
    expect(await stored(recent)).toMatchObject({ state: 'processing' });
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
      await receipts.claim(failed, twilioPayload(failed, 'pothole'), arriving());
      await receipts.claim(answered, twilioPayload(answered, 'hi'), arriving());
      await receipts.complete(answered, REPLY);

      filters.length = 0;
      await receipts.fail(failed, SEND_AGAIN);
      await receipts.fail(answered, SEND_AGAIN);

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
