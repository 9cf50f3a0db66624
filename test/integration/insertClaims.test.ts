import { Database } from '../../db/Database';
import { InsertClaims } from '../../db/InsertClaims';
import { testDatabaseUri } from '../support/database';

describe('InsertClaims', () => {
  let database: Database;
  let otherProcess: Database;
  let claims: InsertClaims;
  let otherClaims: InsertClaims;

  beforeAll(async () => {
    const uri = testDatabaseUri('insertClaims');
    database = await Database.connect(uri);
    otherProcess = await Database.connect(uri);
    claims = new InsertClaims(database.connection, 'testClaims');
    otherClaims = new InsertClaims(otherProcess.connection, 'testClaims');
  });
  afterAll(async () => {
    await database.close();
    await otherProcess.close();
  });

  let n = 0;
  const freshId = () => `claim-${++n}-${Date.now()}`;

  it('gives a claim contested by two connections to exactly one of them, every time', async () => {
    for (let round = 0; round < 10; round++) {
      const id = freshId();
      const won = await Promise.all([claims.tryClaim(id), otherClaims.tryClaim(id), claims.tryClaim(id), otherClaims.tryClaim(id)]);
      expect(won.filter(Boolean)).toHaveLength(1);
    }
  });

  it('lets a released claim be claimed again', async () => {
    const id = freshId();
    expect(await claims.tryClaim(id)).toBe(true);
    expect(await otherClaims.tryClaim(id)).toBe(false);

    await claims.release(id);

    expect(await otherClaims.tryClaim(id)).toBe(true);
    expect(await claims.tryClaim(id)).toBe(false);
  });

  it('tells when a claim was taken, and releases by that time only the claim taken then', async () => {
    const id = freshId();
    expect(await claims.claimedAt(id)).toBeUndefined();
    const before = Date.now();
    await claims.tryClaim(id);
    const takenAt = await otherClaims.claimedAt(id);
    expect(takenAt?.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(takenAt!.getTime()).toBeLessThanOrEqual(Date.now());

    await otherClaims.release(id, new Date(takenAt!.getTime() - 1000));
    expect(await claims.tryClaim(id)).toBe(false);

    await otherClaims.release(id, takenAt);
    expect(await claims.tryClaim(id)).toBe(true);
  });
});
