import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../db/Database';
import { EmbeddedDatabase } from '../../db/EmbeddedDatabase';
import { FERRETDB_BINARY } from '../support/paths';

const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `civicline-${label}-`));

/** Resolves to 'timed out' when the promise takes longer than ms: a hang fails the test instead of stalling it. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  return Promise.race([promise, new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), ms).unref())]);
}

describe('EmbeddedDatabase after its process died by a signal (SIGKILL, the OOM killer)', () => {
  it('stops at once and starts again on the same data', async () => {
    const database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir: tempDir('killed') });
    const uri = await database.start();
    const before = await Database.connect(uri);
    await before.connection.collection('notes').insertOne({ _id: 'kept' as never, text: 'written before the crash' });
    await before.close();

    process.kill(database.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300)); // the 'exit' event has fired by now

    const started = Date.now();
    expect(await within(database.stop(), 3000)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);

    const again = await database.start();
    try {
      const after = await Database.connect(again);
      expect(await after.connection.collection('notes').findOne({ _id: 'kept' as never })).toMatchObject({ text: 'written before the crash' });
      await after.close();
    } finally {
      await database.stop();
    }
  }, 30000);

  it('reports a database killed during start-up at once, instead of waiting out the start timeout', async () => {
    const dir = tempDir('killedAtStart');
    const binary = path.join(dir, 'dies-by-signal');
    writeFileSync(binary, '#!/bin/sh\nkill -KILL $$\n');
    chmodSync(binary, 0o755);
    const database = new EmbeddedDatabase({ binary, dataDir: path.join(dir, 'data'), startTimeoutMs: 10000 });

    const started = Date.now();
    const outcome = await within(database.start().catch((error: Error) => error), 5000);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/exited at start \(signal SIGKILL\)/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await within(database.stop(), 1000)).toBeUndefined();
  }, 30000);
});
