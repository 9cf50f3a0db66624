import { startCivicLine } from '../support/civicLineHarness';
import { closeServer, listenEverywhere } from '../support/outsideAddress';

/** Windows are whole minutes: a burst started near the end of one would be counted in two. */
async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
}

/** Four new chats from each of three clients a proxy names, then a fifth from the first; the statuses. */
async function burst(trustProxy: string): Promise<{ first12: number[]; fifth: number }> {
  const civicLine = await startCivicLine(`trustProxy${trustProxy.replace(/\W/g, '')}`, { TRUST_PROXY: trustProxy, RATE_LIMIT_IP_PER_MINUTE: '4' });
  const { server, port } = await listenEverywhere(civicLine.app);
  const generate = (client: string) =>
    fetch(`http://127.0.0.1:${port}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'X-Forwarded-For': client } }).then((r) => r.status);
  try {
    await awayFromWindowEdge();
    const first12: number[] = [];
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) for (let i = 0; i < 4; i++) first12.push(await generate(client));
    return { first12, fifth: await generate('203.0.113.1') };
  } finally {
    await closeServer(server);
    await civicLine.close();
  }
}

describe('TRUST_PROXY by address', () => {
  it('believes X-Forwarded-For from the proxies named: each client behind them has its own limit', async () => {
    const { first12, fifth } = await burst('127.0.0.0/8');
    expect(first12.every((status) => status === 200)).toBe(true);
    expect(fifth).toBe(429);
  });

  it('ignores X-Forwarded-For from anyone else: a client cannot pass for other addresses', async () => {
    const { first12 } = await burst('10.20.30.40');
    expect(first12.filter((status) => status === 429)).toHaveLength(8);
  });
});
