import { Database } from '../../db/Database';
import { DatabaseLock, DEFAULT_LEASE_MS, LockTimeoutError } from '../../storage/DatabaseLock';
import { testDatabaseUri } from '../support/database';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records when each piece of work starts and ends, to show whether two turns overlapped. */
class Timeline {
  readonly events: string[] = [];

  work(name: string, ms: number, result: string = name): () => Promise<string> {
    return async () => {
      this.events.push(`enter ${name}`);
      await sleep(ms);
      this.events.push(`exit ${name}`);
      return result;
    };
  }

  /** True when every "enter" is followed by its own "exit" before anything else enters. */
  get serial(): boolean {
    for (let i = 0; i < this.events.length; i += 2) {
      const [enter, exit] = [this.events[i], this.events[i + 1]];
      if (!enter?.startsWith('enter ') || exit !== `exit ${enter.slice('enter '.length)}`) return false;
    }
    return true;
  }
}

describe('DatabaseLock', () => {
  let uri: string;
  let database: Database;
  let otherProcess: Database;

  beforeAll(async () => {
    uri = testDatabaseUri('conversationLock');
    database = await Database.connect(uri);
    otherProcess = await Database.connect(uri);
  });
  afterAll(async () => {
    await database.close();
    await otherProcess.close();
  });

  let n = 0;
  const conversation = () => `sms:+15555550100:+1289555${String(++n).padStart(4, '0')}`;
  const locks = () => database.connection.collection('conversationLocks');

  it('runs two turns of the same conversation one after the other, never interleaved', async () => {
    const lock = new DatabaseLock(database.connection);
    const key = conversation();
    const timeline = new Timeline();

    const results = await Promise.all([
      lock.runExclusive(key, timeline.work('a', 150)),
      lock.runExclusive(key, timeline.work('b', 150)),
      lock.runExclusive(key, timeline.work('c', 50)),
    ]);

    expect(results).toEqual(['a', 'b', 'c']);
    expect(timeline.events).toHaveLength(6);
    expect(timeline.serial).toBe(true);
    // Released at the end: nothing is left locked.
    expect(await locks().countDocuments({ _id: key as never })).toBe(0);
  });

  it('lets turns of different conversations run at the same time', async () => {
    const lock = new DatabaseLock(database.connection);
    const timeline = new Timeline();

    await Promise.all([
      lock.runExclusive(conversation(), timeline.work('a', 300)),
      lock.runExclusive(conversation(), timeline.work('b', 300)),
    ]);

    // Both entered before either left: they overlapped (no wall-clock bound, which a loaded machine breaks).
    expect(timeline.events.slice(0, 2).sort()).toEqual(['enter a', 'enter b']);
    expect(timeline.serial).toBe(false);
  });

  it('releases the lock when the work throws, so the next turn of that conversation still runs', async () => {
    const lock = new DatabaseLock(database.connection, { waitMs: 2000 });
    const key = conversation();

    await expect(
      lock.runExclusive(key, async () => {
        throw new Error('dialog crashed');
      }),
    ).rejects.toThrow('dialog crashed');

    const started = Date.now();
    await expect(lock.runExclusive(key, async () => 'next turn')).resolves.toBe('next turn');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('takes over a lease left behind by a crashed process once it has expired', async () => {
    const key = conversation();
    // A process took the lock and died: its lock record stays, with an expiry 200 ms ahead.
    await locks().insertOne({ _id: key as never, owner: 'crashed-process', expiresAt: new Date(Date.now() + 200) });

    const lock = new DatabaseLock(database.connection, { leaseMs: 200, waitMs: 3000 });
    const started = Date.now();
    const result = await lock.runExclusive(key, async () => 'resident answered');
    const waited = Date.now() - started;

    expect(result).toBe('resident answered');
    expect(waited).toBeGreaterThanOrEqual(150); // not before the lease ran out...
    expect(waited).toBeLessThan(2000); // ...but soon after, not at the timeout
    expect(await locks().countDocuments({ _id: key as never })).toBe(0);
  });

  it('a holder working for several leases keeps the lock: it is renewed while the work runs, never taken over', async () => {
    const holder = new DatabaseLock(database.connection, { leaseMs: 200 });
    const waiter = new DatabaseLock(otherProcess.connection, { leaseMs: 200, waitMs: 3000 });
    const key = conversation();
    const timeline = new Timeline();

    const holding = holder.runExclusive(key, timeline.work('slow turn', 900));
    await sleep(50);
    await Promise.all([holding, waiter.runExclusive(key, timeline.work('next turn', 10))]);

    expect(timeline.events).toEqual(['enter slow turn', 'exit slow turn', 'enter next turn', 'exit next turn']);
  });

  it('a crashed holder blocks its conversation for one short lease only, not for half a minute', async () => {
    const key = conversation();
    await locks().insertOne({ _id: key as never, owner: 'crashed-process', expiresAt: new Date(Date.now() + DEFAULT_LEASE_MS) });

    const started = Date.now();
    await new DatabaseLock(database.connection).runExclusive(key, async () => undefined);

    expect(DEFAULT_LEASE_MS).toBeLessThanOrEqual(5000);
    expect(Date.now() - started).toBeLessThan(DEFAULT_LEASE_MS + 1000);
  });

  it('when several turns wait on a crashed holder, they still run one at a time after the takeover', async () => {
    const lock = new DatabaseLock(database.connection, { leaseMs: 5000, waitMs: 10000 });
    const other = new DatabaseLock(otherProcess.connection, { leaseMs: 5000, waitMs: 10000 });
    for (let round = 0; round < 5; round++) {
      const key = conversation();
      await locks().insertOne({ _id: key as never, owner: `crashed-process-${round}`, expiresAt: new Date(Date.now() - 1000) });
      const timeline = new Timeline();

      await Promise.all(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => (i % 2 ? other : lock).runExclusive(key, timeline.work(name, 40))),
      );

      expect(timeline.events).toHaveLength(12);
      expect(timeline.serial).toBe(true);
    }
  });

  it('gives up with LockTimeoutError when the conversation stays busy longer than waitMs', async () => {
    const key = conversation();
    const holder = new DatabaseLock(database.connection, { leaseMs: 10000 });
    const impatient = new DatabaseLock(database.connection, { leaseMs: 10000, waitMs: 300 });
    let releaseHolder!: () => void;
    const holding = holder.runExclusive(key, () => new Promise<void>((resolve) => (releaseHolder = resolve)));
    await sleep(50); // the holder has the lock

    let ranWhileBusy = false;
    const started = Date.now();
    await expect(
      impatient.runExclusive(key, async () => {
        ranWhileBusy = true;
      }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
    const waited = Date.now() - started;

    expect(ranWhileBusy).toBe(false);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2000);

    releaseHolder();
    await holding;
    // The holder's lock was not disturbed by the one that gave up, and is released now.
    await expect(impatient.runExclusive(key, async () => 'free again')).resolves.toBe('free again');
  });

  it('serialises turns of one conversation handled by two processes on separate connections', async () => {
    const processA = new DatabaseLock(database.connection);
    const processB = new DatabaseLock(otherProcess.connection);
    const key = conversation();
    const timeline = new Timeline();

    await Promise.all([
      processA.runExclusive(key, timeline.work('a1', 100)),
      processB.runExclusive(key, timeline.work('b1', 100)),
      processA.runExclusive(key, timeline.work('a2', 100)),
      processB.runExclusive(key, timeline.work('b2', 100)),
    ]);

    expect(timeline.events).toHaveLength(8);
    expect(timeline.serial).toBe(true);
  });

  it('does not let one process release a lock that another process holds', async () => {
    const processA = new DatabaseLock(database.connection);
    const processB = new DatabaseLock(otherProcess.connection, { waitMs: 300 });
    const key = conversation();
    let releaseA!: () => void;
    const holdingA = processA.runExclusive(key, () => new Promise<void>((resolve) => (releaseA = resolve)));
    await sleep(50);

    // B times out waiting; its cleanup must not remove A's lock.
    await expect(processB.runExclusive(key, async () => undefined)).rejects.toBeInstanceOf(LockTimeoutError);
    await expect(processB.runExclusive(key, async () => undefined)).rejects.toBeInstanceOf(LockTimeoutError);

    releaseA();
    await holdingA;
  });
});

describe('LockTimeoutError', () => {
  it("names the conversation without the residents' phone numbers (its message ends up in logs)", async () => {
    const database = await Database.connect(testDatabaseUri('lockTimeoutMessage'));
    try {
      const lock = new DatabaseLock(database.connection, { waitMs: 200 });
      const key = `sms:+15555550100:+1289555${String(Date.now()).slice(-4)}`;
      let release!: () => void;
      const holding = lock.runExclusive(key, () => new Promise<void>((resolve) => (release = resolve)));
      await sleep(50);

      const error = await lock.runExclusive(key, async () => undefined).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LockTimeoutError);
      const { message } = error as LockTimeoutError;
      expect(message).toContain(`sms:+1******0100:+1******${key.slice(-4)}`);
      expect(message).not.toContain('5555550100');

      release();
      await holding;
    } finally {
      await database.close();
    }
  });
});
