import { startCivicLine } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';

const permitCount = async (label: string, env: Record<string, string>, uri = testDatabaseUri(label)) => {
  const civicLine = await startCivicLine(label, env, uri);
  try {
    return await civicLine.database.connection.collection('permits').countDocuments();
  } finally {
    await civicLine.close();
  }
};

describe('sample permits', () => {
  it('are seeded into the embedded development database', async () => {
    expect(await permitCount('seedEmbedded', {})).toBeGreaterThan(0);
  });

  it("are never seeded into a production database (MONGODB_URI set), the city's real permits live there", async () => {
    const uri = testDatabaseUri('seedProduction');
    expect(await permitCount('seedProduction', { MONGODB_URI: uri }, uri)).toBe(0);
  });

  it('follow SEED_SAMPLE_DATA when it is set', async () => {
    expect(await permitCount('seedOff', { SEED_SAMPLE_DATA: 'false' })).toBe(0);
    const uri = testDatabaseUri('seedOn');
    expect(await permitCount('seedOn', { MONGODB_URI: uri, SEED_SAMPLE_DATA: 'true' }, uri)).toBeGreaterThan(0);
  });
});
