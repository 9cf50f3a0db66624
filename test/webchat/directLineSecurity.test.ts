import { WebSocket } from 'ws';
import { DirectLineTokens } from '../../channels/directline/DirectLineTokens';
import { testDatabaseUri } from '../support/database';
import { pngImage } from '../support/photos';
import { generateToken, StartedConversation, WebServer } from '../support/webChatHarness';

const SECRET = 'x'.repeat(48);

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function api(server: WebServer, path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${server.domain}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

/** Opens the conversation's stream as the official client does; resolves with the HTTP status of a refusal, or 101. */
function openStream(server: WebServer, conversationId: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.domain.replace('http', 'ws')}/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

async function post(server: WebServer, session: StartedConversation, text: string, token = session.token): Promise<Answer> {
  return api(server, `/conversations/${session.conversationId}/activities`, { method: 'POST', token, body: { type: 'message', text, from: { id: 'anyone' } } });
}

async function upload(server: WebServer, session: StartedConversation, file: { name: string; type: string; bytes: Buffer }, text?: string): Promise<Answer> {
  const form = new FormData();
  form.append('activity', new Blob([JSON.stringify({ type: 'message', text, from: { id: session.userId } })], { type: 'application/vnd.microsoft.activity' }));
  form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  const response = await fetch(`${server.domain}/conversations/${session.conversationId}/upload?userId=${session.userId}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

/** The conversation's history as its own client reads it. */
async function history(server: WebServer, session: StartedConversation): Promise<{ id: string; text?: string; from: { id: string; role?: string }; attachments?: unknown[] }[]> {
  return (await api(server, `/conversations/${session.conversationId}/activities`, { token: session.token })).body.activities as never;
}

async function botSaid(server: WebServer, session: StartedConversation, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await history(server, session)).find((a) => a.from.role === 'bot' && pattern.test(a.text ?? ''));
    if (found) return found.text ?? '';
    if (Date.now() > deadline) throw new Error(`The bot never said ${pattern}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Rate limits count in fixed one-minute windows: a burst that straddles two would count twice. */
async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 52_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
}

describe('Direct Line security', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start('directLineSecurity', {
      DIRECTLINE_SECRET: SECRET,
      WEBCHAT_MAX_PHOTO_MB: '0.05',
      WEBCHAT_ALLOWED_ORIGINS: 'https://www.elmhurst.ca',
    });
  });
  afterAll(() => server.stop());

  describe('tokens', () => {
    it.each([
      ['a forged (signed with another secret)', () => new DirectLineTokens('y'.repeat(48), 3600)],
      ['an expired', () => new DirectLineTokens(SECRET, -60)],
    ])('%s token opens nothing', async (_kind, minter) => {
      const session = await generateToken(server);
      const bad = minter().issue({ conversationId: session.conversationId, userId: session.userId }).token;
      const path = `/conversations/${session.conversationId}`;
      expect((await api(server, path, { token: bad })).status).toBe(403);
      expect((await api(server, `${path}/activities`, { token: bad })).status).toBe(403);
      expect((await post(server, session, 'hello', bad)).status).toBe(403);
      expect((await api(server, '/tokens/refresh', { method: 'POST', token: bad })).status).toBe(403);
      expect((await api(server, '/conversations', { method: 'POST', token: bad })).status).toBe(403);
      expect(await openStream(server, session.conversationId, bad)).toBe(403);
      expect(await openStream(server, session.conversationId, session.token)).toBe(101);
      expect(await history(server, session)).toEqual([]);
    });

    it('a token that is not a token at all is refused, and so is none', async () => {
      const session = await generateToken(server);
      expect((await api(server, `/conversations/${session.conversationId}/activities`, { token: 'not-a-jwt' })).status).toBe(403);
      expect((await api(server, `/conversations/${session.conversationId}/activities`)).status).toBe(403);
    });

    it("one conversation's token can never read or post to another conversation", async () => {
      const alice = await generateToken(server);
      const bob = await generateToken(server);
      expect((await post(server, bob, 'my address is 12 Oak St')).status).toBe(200);

      const bobsPath = `/conversations/${bob.conversationId}`;
      expect((await api(server, bobsPath, { token: alice.token })).status).toBe(403);
      expect((await api(server, `${bobsPath}/activities`, { token: alice.token })).status).toBe(403);
      expect((await post(server, bob, 'injected', alice.token)).status).toBe(403);
      expect(await openStream(server, bob.conversationId, alice.token)).toBe(403);
      // Alice's own conversation shows none of Bob's words.
      expect(JSON.stringify(await history(server, alice))).not.toContain('Oak St');
      expect((await history(server, bob)).map((a) => a.text)).not.toContain('injected');
    });

    it('a refreshed token keeps its conversation and its user', async () => {
      const session = await generateToken(server);
      const refreshed = await api(server, '/tokens/refresh', { method: 'POST', token: session.token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ conversationId: session.conversationId, expires_in: 3600 });
      expect((await post(server, session, 'hello again', refreshed.body.token as string)).status).toBe(200);
    });

    it('a client cannot speak as someone else or attach files by URL', async () => {
      const session = await generateToken(server);
      const sent = await api(server, `/conversations/${session.conversationId}/activities`, {
        method: 'POST',
        token: session.token,
        body: { type: 'message', text: 'look', from: { id: 'dl_someone_else' }, attachments: [{ contentType: 'image/png', contentUrl: 'http://169.254.169.254/x.png' }] },
      });
      const echo = (await history(server, session)).find((a) => a.id === sent.body.id);
      expect(echo).toMatchObject({ from: { id: session.userId, role: 'user' } });
      expect(echo?.attachments).toBeUndefined();
    });

    it('a made-up resident key, or a token offered as one, does not bring back anyone', async () => {
      const victim = await generateToken(server);
      expect((await generateToken(server, 'rk_madeup')).userId).not.toBe(victim.userId);
      expect((await generateToken(server, victim.token)).userId).not.toBe(victim.userId);
    });
  });

  describe('uploads', () => {
    it('refuses a file that is not an image, whatever its name and type say, and says so politely', async () => {
      const session = await generateToken(server);
      const answer = await upload(server, session, { name: 'pothole.jpg', type: 'image/jpeg', bytes: Buffer.from('<html><script>alert(1)</script></html>') });
      expect(answer.status).toBe(200);
      expect(await botSaid(server, session, /only take photos/)).toContain("so I didn't keep that file");
      const echo = (await history(server, session)).find((a) => a.id === answer.body.id);
      expect(echo?.attachments).toBeUndefined();
    });

    it('refuses a photo over the size limit, politely, and keeps none of it', async () => {
      const session = await generateToken(server);
      const big = pngImage(200, 200, true);
      expect(big.length).toBeGreaterThan(0.05 * 1024 * 1024);
      const answer = await upload(server, session, { name: 'big.png', type: 'image/png', bytes: big });
      expect(answer.status).toBe(200);
      expect(await botSaid(server, session, /larger than/)).toContain('larger than 0.05 MB');
      expect((await history(server, session)).find((a) => a.id === answer.body.id)?.attachments).toBeUndefined();
    });

    it('keeps a real photo within the limit', async () => {
      const session = await generateToken(server);
      const answer = await upload(server, session, { name: 'pothole', type: 'application/octet-stream', bytes: pngImage() }, 'pothole at 9 Mill St, my front tire went right in');
      expect(await botSaid(server, session, /Please check:/)).toContain('1 photo.');
      const echo = (await history(server, session)).find((a) => a.id === answer.body.id);
      expect(echo?.attachments).toEqual([expect.objectContaining({ contentType: 'image/png' })]);
    });

    it('shows a photo through its link, and the link opens nothing else (not the conversation, not another photo)', async () => {
      const session = await generateToken(server);
      const answer = await upload(server, session, { name: 'pothole.png', type: 'image/png', bytes: pngImage() }, 'pothole at 9 Mill St');
      await botSaid(server, session, /Please check:/);
      const link = ((await history(server, session)).find((a) => a.id === answer.body.id)?.attachments as { contentUrl: string }[])[0].contentUrl;
      expect((await fetch(link)).status).toBe(200);

      const linkToken = new URL(link).searchParams.get('t')!;
      const asBearer = { Authorization: `Bearer ${linkToken}` };
      expect((await fetch(`${server.domain}/conversations/${session.conversationId}/activities`, { headers: asBearer })).status).toBe(403);
      expect(
        (await fetch(`${server.domain}/conversations/${session.conversationId}/activities`, { method: 'POST', headers: { ...asBearer, 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'my reports', from: { id: 'x' } }) })).status,
      ).toBe(403);
      // A token in the query string opens nothing: the route takes no such parameter (400), only the header.
      expect((await fetch(`${server.domain}/conversations/${session.conversationId}/activities?t=${encodeURIComponent(session.token)}`)).status).toBe(400);
      const otherPhoto = link.replace(/photos\/[^?]+/, 'photos/000000000000000000000000');
      expect((await fetch(otherPhoto)).status).not.toBe(200);
    });
  });

  describe('CORS', () => {
    it('answers the preflight of a page on a listed origin, allowing the headers the client sends', async () => {
      const answer = await fetch(`${server.domain}/conversations/abc/activities`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://www.elmhurst.ca', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-ms-bot-agent,x-requested-with' },
      });
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://www.elmhurst.ca');
      expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('authorization,content-type,x-ms-bot-agent,x-requested-with');
    });

    it('gives a page on any other origin no permission', async () => {
      const answer = await fetch(`${server.domain}/tokens/generate`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe('Direct Line rate limits, held by the database across two processes', () => {
  let first: WebServer;
  let second: WebServer;
  beforeAll(async () => {
    const databaseUri = testDatabaseUri('rateLimits');
    // Behind one proxy (TRUST_PROXY=1), each test can be a client of its own address.
    const env = { DIRECTLINE_SECRET: SECRET, RATE_LIMIT_CONVERSATION_PER_MINUTE: '6', RATE_LIMIT_IP_PER_MINUTE: '20', TRUST_PROXY: '1' };
    first = await WebServer.start('rateLimits', env, databaseUri);
    second = await WebServer.start('rateLimits', env, databaseUri);
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
  });

  it('lets a conversation send only its quota per minute, whichever process it reaches and however it refreshes', async () => {
    await awayFromWindowEdge();
    const session = await generateToken(first);
    const refreshed = (await api(second, '/tokens/refresh', { method: 'POST', token: session.token })).body.token as string;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(i % 2 ? second : first, session, `message ${i}`, i % 3 ? session.token : refreshed)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(6);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(4);
    expect(refused[0].body).toEqual({ error: { code: 'TooManyRequests', message: expect.stringContaining('wait a minute') } });
    // Another conversation is not held back by this one's quota.
    const other = await generateToken(second);
    expect((await post(first, other, 'hello')).status).toBe(200);
  });

  it('never limits polling, which the official client would stop for good after a refusal', async () => {
    const session = await generateToken(first);
    const polls = await Promise.all(Array.from({ length: 30 }, () => api(first, `/conversations/${session.conversationId}/activities`, { token: session.token })));
    expect(polls.every((p) => p.status === 200)).toBe(true);
  });
  it('lets one address start only so many conversations per minute, across both processes', async () => {
    await awayFromWindowEdge();
    const from = (address: string) => ({ method: 'POST', headers: { 'X-Forwarded-For': address } });
    const answers = await Promise.all(
      Array.from({ length: 26 }, (_, i) => fetch(`${(i % 2 ? second : first).domain}/tokens/generate`, from('203.0.113.7')).then((r) => r.status)),
    );
    expect(answers.filter((s) => s === 200)).toHaveLength(20);
    expect(answers.filter((s) => s === 429)).toHaveLength(6);
    // Another address is not held back.
    expect((await fetch(`${first.domain}/tokens/generate`, from('203.0.113.8'))).status).toBe(200);
  });
});

describe('polling while the database is away', () => {
  it('answers "nothing new" (200, same watermark), never a 5xx', async () => {
    const server = await WebServer.start('pollingOutage');
    const session = await generateToken(server);
    await server.civicLine.database.close();
    const answer = await api(server, `/conversations/${session.conversationId}/activities?watermark=3`, { token: session.token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ activities: [], watermark: '3' });
    await server.stop().catch(() => undefined);
  });
});
