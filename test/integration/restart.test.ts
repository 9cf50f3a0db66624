import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { sendSms } from '../../scripts/smsClient';
import { EmbeddedDatabase, freePort } from '../../db/EmbeddedDatabase';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { FERRETDB_BINARY } from '../support/paths';
import { ServerProcess } from '../support/serverProcess';

const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `civicline-${label}-`));

describe('a report survives restarts', () => {
  it('resumes the dialog after the server restarts, cleanly or by crash, with the case kept', async () => {
    const server = await ServerProcess.create(tempDir('restart'));
    const resident = { ...server.smsOptions, from: '+12895550301' };
    const say = async (body: string) => (await sendSms(resident, body)).replies.join('\n\n');
    try {
      await server.start();
      expect(await say('pothole at 5 Elm St')).toContain('Please check: Pothole at 5 Elm St');

      await server.stop('SIGTERM');
      await server.start();
      expect(await say('deep hole right at the crosswalk')).toContain("I've added that to the description.");

      await server.stop('SIGKILL');
      await new Promise((r) => setTimeout(r, 1500)); // the orphaned database notices and exits
      await server.start();
      const done = await say('yes');
      const number = /case number is (\d{8})/.exec(done)?.[1];
      expect(number).toBeDefined();

      await server.stop('SIGTERM');
      await server.start();
      expect(await say(`status ${number}`)).toContain(`Case ${number}: Pothole at 5 Elm St`);
    } finally {
      await server.stop('SIGTERM');
    }
  }, 120000);

  it('answers politely while the database is down and carries on where it was once it is back', async () => {
    const port = await freePort();
    const dataDir = tempDir('dbrestart');
    const database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir, port });
    const uri = await database.start();
    const civicLine = await startCivicLine('dbrestart', {}, uri);
    const resident = new TextingResident(civicLine, '+12895550302');
    try {
      expect(await resident.say('streetlight out at 40 King St')).toContain('Please check: Streetlight out at 40 King St');

      await database.stop();
      expect((await request(civicLine.app).get('/healthz')).status).toBe(503);
      const during = await resident.send('it has been dark for a week');
      expect(during.status).toBe(200);
      expect(during.replies.join(' ')).toContain('briefly unavailable');

      await database.start();
      await waitFor(async () => (await request(civicLine.app).get('/healthz')).status === 200);
      expect(await resident.say('it has been dark for a week')).toContain("I've added that to the description.");
      expect(await resident.say('yes')).toMatch(/case number is \d{8}/);
    } finally {
      await civicLine.close();
      await database.stop();
    }
  }, 90000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('condition not met in time');
}
