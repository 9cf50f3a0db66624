import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { CaseService } from '../../cases/CaseService';
import { Database } from '../../db/Database';
import { DatabaseStatus } from '../../db/DatabaseStatus';
import { EmbeddedDatabase } from '../../db/EmbeddedDatabase';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { FERRETDB_BINARY } from '../support/paths';
import { waitFor } from '../support/waitFor';

const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `civicline-${label}-`));
const CONTRADICTION = /something went wrong|briefly unavailable|started our conversation over/;

/** The embedded database, supervised as server.ts does it, reporting into the status /healthz shows. */
async function supervisedDatabase(label: string): Promise<{ database: EmbeddedDatabase; status: DatabaseStatus; uri: string }> {
  const database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir: tempDir(label) });
  const uri = await database.start();
  const status = new DatabaseStatus();
  database.supervise({ down: (reason) => status.down(reason, true), up: () => status.up(), restarted: () => status.restarted() });
  return { database, status, uri };
}

/** The next case opened kills the database right after the case is written: the rest of the turn meets an outage. */
function killDatabaseAfterNextCase(database: EmbeddedDatabase): void {
  const open = CaseService.prototype.open;
  jest.spyOn(CaseService.prototype, 'open').mockImplementationOnce(async function (this: CaseService, ...args) {
    const opened = await open.apply(this, args);
    process.kill(database.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
    return opened;
  });
}

describe('the embedded database dies', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is restarted on the same data and port; /healthz shows the outage and the recovery', async () => {
    const { database, status, uri } = await supervisedDatabase('supervised');
    const staffToken = 'outage-staff-token-0123456789';
    const civicLine = await startCivicLine('supervised', { STAFF_API_TOKENS: `admin:${staffToken}` }, uri, { databaseStatus: status });
    try {
      const resident = new TextingResident(civicLine, '+12895550701');
      expect(await resident.say('streetlight out at 40 King St')).toContain('Please check: Streetlight out at 40 King St');
      const pid = database.pid;

      process.kill(pid!, 'SIGKILL');
      await waitFor(() => status.health.up === false, 'the outage was noticed');
      await waitFor(async () => (await request(civicLine.app).get('/healthz')).status === 200, 'healthy again', 10000);

      const health = (await request(civicLine.app).get('/healthz').set('Authorization', `Bearer ${staffToken}`)).body as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', database: 'up', restarts: 1, outages: 1 });
      expect(health.lastOutage).toMatchObject({ reason: expect.stringContaining('signal SIGKILL') });
      expect(database.pid).not.toBe(pid);
      expect(database.uri).toBe(uri);
      // Turns resume where they were, with no one restarting anything by hand.
      expect(await resident.say('dark for a week')).toContain("I've added that to the description.");
    } finally {
      await civicLine.close();
      await database.stop();
    }
  }, 60000);

  it('in the middle of the turn that files a case: one case, one answer that does not contradict itself, no lock left behind', async () => {
    const { database, status, uri } = await supervisedDatabase('midTurn');
    const civicLine = await startCivicLine('midTurn', {}, uri, { databaseStatus: status });
    try {
      const resident = new TextingResident(civicLine, '+12895550702');
      expect(await resident.say('pothole at 12 Elm St, deep enough to bend a rim')).toContain('Reply YES');
      killDatabaseAfterNextCase(database);

      const answer = await resident.say('yes');

      expect(answer).toMatch(/Your case number is \d{8}/);
      expect(answer).not.toMatch(CONTRADICTION);
      const cases = await civicLine.cases.listForReporter(resident.phone);
      expect(cases.map((c) => c.number)).toEqual([/case number is (\d{8})/.exec(answer)![1]]);
      expect(status.health.restarts).toBe(1);
      // The report is settled and the conversation free at once (no lease left to wait out).
      const started = Date.now();
      expect(await resident.say('how do I license my dog?')).toContain('Every dog over 12 weeks');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await civicLine.close();
      await database.stop();
    }
  }, 60000);
});

describe('the database stays out of reach longer than a webhook may wait', () => {
  afterEach(() => jest.restoreAllMocks());

  it('the resident is never told both a case number and that something went wrong; once it is back they have one case and its number', async () => {
    const twilioApi = new FakeTwilioApi();
    const dataDir = tempDir('longOutage');
    const database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir });
    const uri = await database.start();
    const civicLine = await startCivicLine('longOutage', { SMS_REPLY_BUDGET_MS: '1000', TWILIO_API_BASE_URL: await twilioApi.start() }, uri);
    try {
      const resident = new TextingResident(civicLine, '+12895550703');
      expect(await resident.say('pothole at 12 Elm St, deep enough to bend a rim')).toContain('Reply YES');
      killDatabaseAfterNextCase(database); // not supervised here: it stays down until started below

      const answer = (await resident.send('yes')).replies.join('\n');

      expect(answer).not.toMatch(/case number/);
      await database.start();
      await waitFor(async () => civicLine.database.isHealthy(), 'database back', 20000);
      let number: string | undefined;
      if (answer === '') {
        // Answered late: the turn was retried once the database was back and its answer texted.
        await waitFor(() => twilioApi.to(resident.phone).length > 0, 'the late answer was texted', 30000);
        const texted = twilioApi.to(resident.phone).map((m) => m.body).join('\n');
        expect(texted).not.toMatch(CONTRADICTION);
        number = /case number is (\d{8})/.exec(texted)?.[1];
      } else {
        // Told honestly to send it again: nothing was applied, and sending it again files the same case.
        expect(answer).toContain('briefly unavailable');
        number = /case number is (\d{8})/.exec(await resident.say('yes'))?.[1];
      }
      expect(number).toBeDefined();
      expect((await civicLine.cases.listForReporter(resident.phone)).map((c) => c.number)).toEqual([number]);
    } finally {
      await civicLine.close();
      await database.stop();
      await twilioApi.stop();
    }
  }, 90000);
});

describe('Database status with MONGODB_URI (no supervisor: the driver reconnects)', () => {
  it('reports the outage from the connection itself, and the recovery', async () => {
    const embedded = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir: tempDir('driverOutage') });
    const uri = await embedded.start();
    const database = await Database.connect(uri);
    try {
      expect(await database.isHealthy()).toBe(true);
      await embedded.stop();
      expect(await database.isHealthy()).toBe(false);
      expect(database.status.health).toMatchObject({ up: false, outages: 1, downSince: expect.any(Date) });
      await embedded.start();
      await waitFor(() => database.isHealthy(), 'reconnected', 20000);
      expect(database.status.health).toMatchObject({ up: true, outages: 1, lastOutage: { from: expect.any(Date), to: expect.any(Date) } });
    } finally {
      await database.close();
      await embedded.stop();
    }
  }, 60000);
});
