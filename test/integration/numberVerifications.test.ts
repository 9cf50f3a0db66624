import { NumberVerifications, CODE_LIFETIME_MS, VERIFIED_FOR_MS } from '../../callbacks/NumberVerifications';
import { Database } from '../../db/Database';
import { AttemptLedger } from '../../storage/AttemptLedger';
import { testDatabaseUri } from '../support/database';

describe('number verifications, in the database', () => {
  let db: Database;
  const clock = { now: new Date('2027-01-04T15:00:00Z') };
  beforeAll(async () => {
    db = await Database.connect(testDatabaseUri('numberVerifications'));
  });
  afterAll(() => db.close());

  it('keeps only a salted hash of the code, proves the number with it, and remembers the proof for a while', async () => {
    const verifications = new NumberVerifications(db.connection, () => clock.now);
    const code = await verifications.start('webchat:w-1', '+12895552201');
    const stored = await db.connection.collection('numberVerifications').find({}).toArray();
    expect(JSON.stringify(stored)).not.toContain(code);
    // Another process (another instance on the same database) takes the answer.
    const elsewhere = new NumberVerifications(db.connection, () => clock.now);
    expect(await elsewhere.check('webchat:w-2', '+12895552201', code)).toBe('exhausted'); // another resident: no attempt of theirs
    expect(await elsewhere.check('webchat:w-1', '+12895552201', code)).toBe('verified');
    expect(await verifications.isVerified('webchat:w-1', '+12895552201')).toBe(true);
    expect(await verifications.isVerified('webchat:w-2', '+12895552201')).toBe(false);
    clock.now = new Date(clock.now.getTime() + VERIFIED_FOR_MS + 1);
    expect(await verifications.isVerified('webchat:w-1', '+12895552201')).toBe(false);
  });

  it('lets a code expire after its lifetime, and one resend bring a new one', async () => {
    const verifications = new NumberVerifications(db.connection, () => clock.now);
    const code = await verifications.start('webchat:w-3', '+12895552202');
    clock.now = new Date(clock.now.getTime() + CODE_LIFETIME_MS + 1);
    expect(await verifications.check('webchat:w-3', '+12895552202', code)).toBe('expired');
    const fresh = await verifications.resend('webchat:w-3', '+12895552202');
    expect(fresh).toMatch(/^\d{6}$/);
    expect(await verifications.resend('webchat:w-3', '+12895552202')).toBeUndefined();
    expect(await verifications.check('webchat:w-3', '+12895552202', fresh ?? '')).toBe('verified');
  });

  it('ends the attempt at the third wrong code, even if the right one follows', async () => {
    const verifications = new NumberVerifications(db.connection, () => clock.now);
    const code = await verifications.start('webchat:w-4', '+12895552203');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await verifications.check('webchat:w-4', '+12895552203', wrong)).toBe('wrong');
    expect(await verifications.check('webchat:w-4', '+12895552203', wrong)).toBe('wrong');
    expect(await verifications.check('webchat:w-4', '+12895552203', wrong)).toBe('exhausted');
    expect(await verifications.check('webchat:w-4', '+12895552203', code)).toBe('exhausted');
    expect(await verifications.isVerified('webchat:w-4', '+12895552203')).toBe(false);
  });

  it('lets no more than the limit of parallel attempts on one key through (inserts, not read-modify-write)', async () => {
    const ledger = new AttemptLedger(db.connection, () => clock.now);
    const limits = { attempts: 3, failures: 3, windowMs: 60_000 };
    const begun = await Promise.all(Array.from({ length: 20 }, () => ledger.begin([{ key: 'callback-code:number:+12895552204', limits }])));
    // A burst may refuse them all (each sees the others first): never more than the limit get through.
    expect(begun.filter((b) => 'ticket' in b).length).toBeLessThanOrEqual(3);
    const oneByOne = [];
    for (let i = 0; i < 5; i++) oneByOne.push(await ledger.begin([{ key: 'callback-code:number:+12895552205', limits }]));
    expect(oneByOne.map((b) => 'ticket' in b)).toEqual([true, true, true, false, false]);
  });
});
