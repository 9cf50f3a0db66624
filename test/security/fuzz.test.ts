import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FUZZ_KINDS, fuzzerFor } from '../../scripts/fuzz/kinds';
import { runKind } from '../../scripts/fuzz/run';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { ServerProcess } from '../support/serverProcess';
import { CITY_NUMBER, TEST_AUTH_TOKEN } from '../support/testConfig';

/** What `npm run fuzz` does, smaller: hostile requests of every kind against the real server process. */
describe('hostile requests of every kind (the fuzzers, 300 of each)', () => {
  let twilioApi: FakeTwilioApi;
  let server: ServerProcess;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    const apiBaseUrl = await twilioApi.start();
    server = await ServerProcess.create(mkdtempSync(path.join(os.tmpdir(), 'civicline-fuzz-')), {
      TWILIO_API_BASE_URL: apiBaseUrl,
      // One client address sends everything here: the limits would refuse most web chat requests before they reach anything.
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_CONVERSATION_PER_MINUTE: '1000000',
    });
    await server.start();
  }, 60_000);
  afterAll(async () => {
    await server.stop('SIGTERM');
    await twilioApi.stop();
  });

  // Direct Line last: should it take the server down, the other kinds are still measured.
  const kinds = [...FUZZ_KINDS].sort((a, b) => Number(a === 'directline') - Number(b === 'directline'));
  it.each(kinds)('%s: no answer 5xx and the server stays up', async (kind) => {
    const target = { port: server.port, publicBaseUrl: server.baseUrl, authToken: TEST_AUTH_TOKEN, cityNumber: CITY_NUMBER };
    const tally = await runKind(kind, fuzzerFor(kind, 7, target), { port: server.port, count: 300, concurrency: 4, timeoutMs: 20_000, serverAlive: () => server.running });
    const crashLog = tally.crashes > 0 ? server.log.split('\n').slice(-15).join('\n') : '';
    expect({ crashes: tally.crashes, '5xx': tally['5xx'], samples: tally.samples, crashLog }).toEqual({ crashes: 0, '5xx': 0, samples: [], crashLog: '' });
    expect(tally.requests).toBe(300);
    // Most requests were answered at all (a few are cut short by the fuzzer on purpose, or time out under load).
    expect(tally['2xx'] + tally['3xx'] + tally['4xx']).toBeGreaterThan(240);
  }, 600_000);
});
