import { RetentionJob } from '../../app/RetentionJob';
import { AttemptLedger } from '../../storage/AttemptLedger';
import { Database } from '../../db/Database';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { phoneCall } from '../support/phoneCall';
import { CITY_NUMBER } from '../support/testConfig';
import { waitFor } from '../support/waitFor';

const DAY_MS = 24 * 60 * 60_000;

describe('the retention job', () => {
  it('deletes old webhook receipts (texts and calls), call prompts and idle conversation state, and keeps cases and residents\' language', async () => {
    // Ages of about a second, checked every half second: what a month does in production.
    const civicLine = await startCivicLine('retention', {
      RETENTION_RECEIPTS_DAYS: String(1000 / DAY_MS),
      RETENTION_CONVERSATIONS_DAYS: String(1000 / DAY_MS),
      RETENTION_OUTBOX_DAYS: String(1000 / DAY_MS),
      RETENTION_INTERVAL_MINUTES: String(500 / 60_000),
    });
    const collection = (name: string) => civicLine.database.connection.collection<{ _id: string }>(name);
    try {
      const resident = new TextingResident(civicLine, '+12895551301');
      await resident.say('pothole at 9 Mill St, my front tire went right in');
      const number = /case number is (\d{8})/.exec(await resident.say('yes'))![1];
      const conversation = `sms/conversations/${CITY_NUMBER}:${resident.phone}/`;
      const profile = `sms/users/${resident.phone}/`;
      await phoneCall(civicLine.app, '+12895551302').start();
      expect(await collection('smsReceipts').countDocuments()).toBe(2);
      expect(await collection('voiceReceipts').countDocuments()).toBeGreaterThan(0);
      expect(await collection('voicePrompts').countDocuments()).toBeGreaterThan(0);
      expect(await collection('botState').findOne({ _id: conversation })).not.toBeNull();

      await waitFor(async () => (await collection('smsReceipts').countDocuments()) === 0, 'old receipts deleted', 10000);
      await waitFor(async () => (await collection('voiceReceipts').countDocuments()) === 0, 'old call receipts deleted', 10000);
      await waitFor(async () => (await collection('voicePrompts').countDocuments()) === 0, 'old call prompts deleted', 10000);
      await waitFor(async () => (await collection('botState').findOne({ _id: conversation })) === null, 'idle conversation deleted', 10000);

      expect(await collection('botState').findOne({ _id: profile })).not.toBeNull();
      expect(await civicLine.cases.findByNumber(number)).toMatchObject({ number });
      // A new message after that starts a fresh conversation and is answered as usual.
      expect(await resident.say('how do I license my dog?')).toContain('Every dog over 12 weeks');
    } finally {
      await civicLine.close();
    }
  }, 30000);

  it('runs in one process per period, however many processes run it at once', async () => {
    const uri = testDatabaseUri('retentionOnce');
    const [a, b] = [await Database.connect(uri), await Database.connect(uri)];
    try {
      let runs = 0;
      const rule = { name: 'things', ageMs: DAY_MS, deleteBefore: async () => ++runs };
      const jobs = [a, b, a, b].map((db) => new RetentionJob(db.connection, [rule], 60_000, () => undefined));
      const now = new Date();

      const outcomes = await Promise.all(jobs.map((job) => job.runOnce(now)));

      expect(outcomes.filter((o) => o !== null)).toEqual([{ things: 1 }]);
      expect(runs).toBe(1);
      // The next period runs again (in whichever process gets there first).
      expect(await jobs[1].runOnce(new Date(now.getTime() + 60_000))).toEqual({ things: 2 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("forgets look-up counts only once they no longer limit anyone", async () => {
    const db = await Database.connect(testDatabaseUri('retentionLookups'));
    try {
      let now = new Date('2027-01-04T15:00:00Z');
      const limits = { attempts: 20, failures: 2, windowMs: 60 * 60_000 };
      const ledger = new AttemptLedger(db.connection, () => now);
      const guesser = [{ key: 'lookup:resident:sms:+12895551303', limits }];
      const guess = async (failed: boolean) => {
        const begun = await ledger.begin(guesser);
        if ('ticket' in begun) await ledger.finish(begun.ticket, failed);
        return 'ticket' in begun;
      };
      expect(await guess(true)).toBe(true);
      expect(await guess(true)).toBe(true);
      await ledger.begin([{ key: 'lookup:resident:sms:+12895551304', limits }]);

      now = new Date(now.getTime() + 30 * 60_000); // half an hour on: the guesser is still held back
      expect(await ledger.deleteBefore(new Date(now.getTime() - limits.windowMs))).toBe(0);
      expect(await guess(false)).toBe(false);

      now = new Date(now.getTime() + 31 * 60_000); // past the window of the first guesses: they go, and no longer count
      expect(await ledger.deleteBefore(new Date(now.getTime() - limits.windowMs))).toBe(3);
      expect(await guess(false)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
