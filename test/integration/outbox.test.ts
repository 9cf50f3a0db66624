import { Database } from '../../db/Database';
import { InsertClaims } from '../../db/InsertClaims';
import { Outbox } from '../../outbox/Outbox';
import { Delivery, OutboxTransport, PermanentSendError } from '../../outbox/OutboxTransport';
import { OutboxWorker, OutboxWorkerOptions } from '../../outbox/OutboxWorker';
import { testDatabaseUri } from '../support/database';
import { waitFor } from '../support/waitFor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A channel that records what it sent and can be told to fail, hang or refuse. */
class ScriptedTransport implements OutboxTransport {
  readonly sent: Delivery[] = [];
  readonly optedOut = new Set<string>();
  attempts = 0;
  /** Each attempt takes the next scripted outcome; 'ok' once the script runs out. */
  script: ('ok' | 'fail' | 'refuse' | 'hang')[] = [];

  split({ text }: { text: string }) {
    return text.split('|').map((piece) => ({ text: piece, media: [] }));
  }

  async isOptedOut(to: string) {
    return this.optedOut.has(to);
  }

  async send(delivery: Delivery) {
    this.attempts++;
    const outcome = this.script.shift() ?? 'ok';
    if (outcome === 'fail') throw new Error('500 Internal Server Error');
    if (outcome === 'refuse') throw new PermanentSendError('rejected', 'invalid number');
    if (outcome === 'hang') await new Promise(() => undefined);
    this.sent.push(delivery);
    return `PROVIDER${this.sent.length}`;
  }

  textsTo(to: string): string[] {
    return this.sent.filter((d) => d.to === to).map((d) => d.part.text);
  }
}

describe('Outbox', () => {
  let database: Database;
  let otherProcess: Database;
  let n = 0;
  const workers: OutboxWorker[] = [];

  // A database of its own per test: a worker sends whatever is due, so no test may see another's messages.
  beforeEach(async () => {
    const uri = testDatabaseUri('outbox');
    database = await Database.connect(uri);
    otherProcess = await Database.connect(uri);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop(0)));
    await database.close();
    await otherProcess.close();
  });

  const message = (to: string, text = 'Your pothole was fixed.') => ({ key: `test:${++n}:${Date.now()}`, channel: 'sms', to, text, reason: 'test' });

  function worker(outbox: Outbox, db = database, options: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
    const started = new OutboxWorker(outbox, db.connection, { log: () => undefined, pollMs: 50, firstRetryMs: 50, sendTimeoutMs: 300, attemptLeaseMs: 600, ...options });
    started.start();
    workers.push(started);
    return started;
  }

  it('sends a queued message once, and a key queued again (before or after it went out) is not sent again', async () => {
    const transport = new ScriptedTransport();
    const outbox = new Outbox(database.connection, { sms: transport });
    const first = message('+12895550801');

    expect(await outbox.enqueue(first)).toBe('queued');
    expect(await outbox.enqueue(first)).toBe('duplicate');
    worker(outbox);
    await waitFor(() => transport.sent.length === 1, 'sent');
    await waitFor(async () => (await outbox.finishedMessage(first.key))?.outcome === 'sent', 'recorded as sent');
    expect(await outbox.enqueue(first)).toBe('duplicate');

    await sleep(200);
    expect(transport.textsTo('+12895550801')).toEqual(['Your pothole was fixed.']);
    expect(await outbox.finishedMessage(first.key)).toMatchObject({ outcome: 'sent', providerIds: ['PROVIDER1'], attempts: 1 });
  });

  it('queues nothing for an opted-out number, and sends nothing to a number that opts out after queueing', async () => {
    const transport = new ScriptedTransport();
    const outbox = new Outbox(database.connection, { sms: transport });
    transport.optedOut.add('+12895550802');
    expect(await outbox.enqueue(message('+12895550802'))).toBe('opted_out');

    const later = message('+12895550803');
    expect(await outbox.enqueue(later)).toBe('queued');
    transport.optedOut.add('+12895550803');
    worker(outbox);
    await waitFor(async () => (await outbox.finishedMessage(later.key))?.outcome === 'opted_out', 'settled as opted out');
    expect(transport.attempts).toBe(0);
  });

  it('retries a failing send with growing pauses until it goes through, once', async () => {
    const transport = new ScriptedTransport();
    transport.script = ['fail', 'fail', 'fail'];
    const outbox = new Outbox(database.connection, { sms: transport });
    const queued = message('+12895550804');
    await outbox.enqueue(queued);
    const started = Date.now();
    worker(outbox);

    await waitFor(() => transport.sent.length === 1, 'sent after the failures');
    // 50 + 100 + 200 ms of back-off at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(transport.attempts).toBe(4);
    await waitFor(async () => (await outbox.finishedMessage(queued.key)) !== null, 'recorded');
    expect(await outbox.finishedMessage(queued.key)).toMatchObject({ outcome: 'sent', attempts: 4, lastError: '500 Internal Server Error' });
  });

  it('does not retry what the provider refused for good', async () => {
    const transport = new ScriptedTransport();
    transport.script = ['refuse'];
    const outbox = new Outbox(database.connection, { sms: transport });
    const queued = message('+12895550805');
    await outbox.enqueue(queued);
    worker(outbox);

    await waitFor(async () => (await outbox.finishedMessage(queued.key))?.outcome === 'rejected', 'settled as rejected');
    await sleep(200);
    expect(transport.attempts).toBe(1);
  });

  it('with workers in two processes, sends each of many messages exactly once', async () => {
    const transport = new ScriptedTransport();
    const outboxA = new Outbox(database.connection, { sms: transport });
    const outboxB = new Outbox(otherProcess.connection, { sms: transport });
    const messages = Array.from({ length: 20 }, (_, i) => message(`+1289555${String(900 + i)}`, `notice ${i}`));
    worker(outboxA);
    worker(outboxB, otherProcess);

    await Promise.all(messages.map((m, i) => (i % 2 ? outboxA : outboxB).enqueue(m)));

    await waitFor(() => transport.sent.length >= 20, 'all sent');
    await sleep(300);
    expect(transport.sent.map((d) => d.part.text).sort()).toEqual(messages.map((m) => m.text).sort());
  });

  it('sends a message queued while no worker ran, once one starts (it survives restarts)', async () => {
    const transport = new ScriptedTransport();
    const outbox = new Outbox(database.connection, { sms: transport });
    const queued = message('+12895550806');
    await outbox.enqueue(queued);
    await sleep(100);
    expect(transport.sent).toEqual([]);

    worker(new Outbox(otherProcess.connection, { sms: transport }), otherProcess);
    await waitFor(() => transport.textsTo('+12895550806').length === 1, 'sent by the new worker');
  });

  it("takes over an attempt of a worker that died before sending, once the attempt's lease runs out", async () => {
    const transport = new ScriptedTransport();
    const outbox = new Outbox(database.connection, { sms: transport });
    const queued = message('+12895550807');
    await outbox.enqueue(queued);
    // A worker claimed attempt 0 and died at once.
    await new InsertClaims(database.connection, 'outboxClaims').tryClaim(JSON.stringify([queued.key, 0]));

    const started = Date.now();
    worker(outbox, database, { attemptLeaseMs: 400 });
    await waitFor(() => transport.sent.length === 1, 'sent by the next worker');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('goes on from the next part when a worker died after sending the first part of a long message', async () => {
    const transport = new ScriptedTransport();
    transport.script = ['ok', 'hang'];
    const outbox = new Outbox(database.connection, { sms: transport });
    const queued = message('+12895550808', 'part one|part two');
    await outbox.enqueue(queued);
    const dying = worker(outbox, database, { sendTimeoutMs: 60_000, attemptLeaseMs: 400 });
    await waitFor(() => transport.attempts === 2, 'second part under way');
    await dying.stop(0); // dies with the second part hanging

    worker(new Outbox(otherProcess.connection, { sms: transport }), otherProcess, { attemptLeaseMs: 400 });
    await waitFor(() => transport.sent.length === 2, 'second part sent');
    expect(transport.textsTo('+12895550808')).toEqual(['part one', 'part two']);
  });

  it('stop() waits for a send under way, but no longer than its grace when the provider hangs', async () => {
    const transport = new ScriptedTransport();
    transport.script = ['hang'];
    const outbox = new Outbox(database.connection, { sms: transport });
    await outbox.enqueue(message('+12895550809'));
    const running = worker(outbox, database, { sendTimeoutMs: 60_000 });
    await waitFor(() => transport.attempts === 1, 'send under way');

    const started = Date.now();
    expect(await running.stop(300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retention deletes finished messages older than the cutoff and keeps pending ones', async () => {
    const transport = new ScriptedTransport();
    const outbox = new Outbox(database.connection, { sms: transport });
    const done = message('+12895550810');
    await outbox.enqueue(done);
    worker(outbox);
    await waitFor(async () => (await outbox.finishedMessage(done.key)) !== null, 'finished');
    await Promise.all(workers.splice(0).map((w) => w.stop(0)));
    const pending = message('+12895550811');
    await outbox.enqueue(pending);

    await outbox.deleteFinishedBefore(new Date(Date.now() + 1000));

    expect(await outbox.finishedMessage(done.key)).toBeNull();
    expect(await outbox.get(pending.key)).toMatchObject({ to: '+12895550811' });
    // A key whose record is gone counts as new again: retention ages are far longer than any retry of a key.
  });
});
