import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CivicLine } from '../../app/createCivicLine';
import { EmbeddedDatabase, freePort } from '../../db/EmbeddedDatabase';
import { startCivicLine } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { FERRETDB_BINARY } from '../support/paths';
import { eventually } from '../support/twilioCallPlayer';

/** Monday 4 January 2027, 10:00 in Toronto. */
const MONDAY_10AM = new Date('2027-01-04T15:00:00Z');

describe('the call-back queue when the database restarts', () => {
  it('keeps every request and its place, and the dispatcher carries on', async () => {
    const twilioApi = new FakeTwilioApi();
    const apiUrl = await twilioApi.start();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicline-queue-db-'));
    const port = await freePort();
    let database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir, port });
    const uri = await database.start();
    let now = MONDAY_10AM;
    let civicLine: CivicLine | undefined;
    try {
      civicLine = await startCivicLine('queueDurability', { TWILIO_API_BASE_URL: apiUrl, OPENING_HOURS: 'Mon-Fri 08:30-16:30', CALLBACK_DISPATCH_SECONDS: '0' }, uri, { clock: () => now });
      for (const phone of ['+12895550901', '+12895550902']) {
        await civicLine.callbacks.queue.add({ id: randomUUID(), phone, locale: 'en', channel: 'voice', address: phone });
        now = new Date(now.getTime() + 60_000);
      }
      const before = (await civicLine.callbacks.queue.staffView()).map((c) => [c.id, c.phone, c.position]);

      await database.stop();
      database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir, port });
      await database.start();

      const line = civicLine;
      await eventually(async () => line.database.isHealthy(), 15000);
      expect((await line.callbacks.queue.staffView()).map((c) => [c.id, c.phone, c.position])).toEqual(before);
      await line.callbacks.roster.setAvailability('lee', true, '+19055550412');
      expect(await line.callbacks.dispatcher.tick()).toBe(1);
      expect(twilioApi.calls.map((c) => c.to)).toEqual(['+12895550901']);
    } finally {
      await civicLine?.close();
      await database.stop();
      await twilioApi.stop();
    }
  });
});
