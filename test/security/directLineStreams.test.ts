import { WebSocket } from 'ws';
import { generateToken, StartedConversation, WebServer } from '../support/webChatHarness';

const PER_CONVERSATION = 3;
const PER_ADDRESS = 5;

interface Opened {
  status: number;
  socket?: WebSocket;
}

/** Opens the conversation's stream (from the given client address, as a trusted proxy reports it). */
function openStream(server: WebServer, session: StartedConversation, address = '198.51.100.1'): Promise<Opened> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.domain.replace('http', 'ws')}/conversations/${session.conversationId}/stream?t=${encodeURIComponent(session.token)}`, {
      headers: { 'X-Forwarded-For': address },
    });
    ws.on('open', () => resolve({ status: 101, socket: ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: 0 }));
  });
}

async function closeAll(opened: Opened[]): Promise<void> {
  await Promise.all(
    opened.map(
      (o) =>
        new Promise<void>((resolve) => {
          if (!o.socket || o.socket.readyState === WebSocket.CLOSED) return resolve();
          o.socket.once('close', () => resolve());
          o.socket.close();
        }),
    ),
  );
}

describe('Direct Line streams (WebSocket) are limited', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start('securityStreams', {
      DIRECTLINE_SECRET: 's'.repeat(48),
      DIRECTLINE_STREAMS_PER_CONVERSATION: String(PER_CONVERSATION),
      DIRECTLINE_STREAMS_PER_IP: String(PER_ADDRESS),
      TRUST_PROXY: '1',
    });
  });
  afterAll(() => server.stop());

  it(`per conversation: the ${PER_CONVERSATION + 1}th stream on one token is refused (429), and a closed one frees its place`, async () => {
    const session = await generateToken(server);
    const opened: Opened[] = [];
    for (let i = 0; i < PER_CONVERSATION + 2; i++) opened.push(await openStream(server, session, `198.51.100.${10 + i}`));
    expect(opened.map((o) => o.status)).toEqual([...Array(PER_CONVERSATION).fill(101), 429, 429]);
    // A refreshed token is the same conversation: no more places through it.
    const refreshed = await fetch(`${server.domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } });
    const renewed = { ...session, token: ((await refreshed.json()) as { token: string }).token };
    expect((await openStream(server, renewed, '198.51.100.50')).status).toBe(429);

    await closeAll(opened.slice(0, 1));
    const again = await openStream(server, renewed, '198.51.100.51');
    expect(again.status).toBe(101);
    await closeAll([...opened, again]);
  });

  it(`per address: the ${PER_ADDRESS + 1}th stream from one address is refused, other addresses are not held back`, async () => {
    const sessions = await Promise.all(Array.from({ length: PER_ADDRESS + 1 }, () => generateToken(server)));
    const opened = await Promise.all(sessions.map((s) => openStream(server, s, '203.0.113.9')));
    expect(opened.filter((o) => o.status === 101)).toHaveLength(PER_ADDRESS);
    expect(opened.filter((o) => o.status === 429)).toHaveLength(1);
    const refusedSession = sessions[opened.findIndex((o) => o.status === 429)];
    const elsewhere = await openStream(server, refusedSession, '203.0.113.10');
    expect(elsewhere.status).toBe(101);
    await closeAll([...opened, elsewhere]);
  });

  it('a flood of streams on one token leaves the server answering quickly', async () => {
    const session = await generateToken(server);
    const flood = await Promise.all(Array.from({ length: 200 }, (_, i) => openStream(server, session, `192.0.2.${i % 250}`)));
    expect(flood.filter((o) => o.status === 101)).toHaveLength(PER_CONVERSATION);
    const started = Date.now();
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    await closeAll(flood);
  });

  it('a client that resets its connection during the upgrade does not stop the server', async () => {
    const session = await generateToken(server);
    const ws = new WebSocket(`${server.domain.replace('http', 'ws')}/conversations/${session.conversationId}/stream?t=${encodeURIComponent(session.token)}`);
    ws.on('error', () => undefined);
    ws.terminate();
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});
