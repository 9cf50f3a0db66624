import { ResidentKeys } from '../../channels/directline/ResidentKeys';
import { potholeReport } from '../support/reports';
import { testDatabaseUri } from '../support/database';
import { DirectLineResident } from '../support/directLineClient';
import { generateToken, StartedConversation, WebServer } from '../support/webChatHarness';

const SECRET = 't'.repeat(48);

async function status(server: WebServer, path: string, token: string, method = 'GET'): Promise<number> {
  return (await fetch(`${server.domain}${path}`, { method, headers: { Authorization: `Bearer ${token}` } })).status;
}

async function refresh(server: WebServer, token: string): Promise<string> {
  const answer = await fetch(`${server.domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { token: string }).token;
}

async function forget(server: WebServer, residentKey: string, token?: string): Promise<number> {
  const answer = await fetch(`${server.domain}/tokens/forget`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ residentKey }),
  });
  return answer.status;
}

/** A case filed by this web resident, as the report dialog files it. */
async function fileReportAs(server: WebServer, session: StartedConversation): Promise<string> {
  const report = potholeReport();
  const opened = await server.civicLine.cases.open({
    ...report,
    reporter: { ...report.reporter, channel: 'webchat', address: session.userId, conversation: { conversation: { id: session.conversationId, isGroup: false, name: '', conversationType: 'personal' } } },
  });
  return opened.number;
}

async function myReports(server: WebServer, residentKey: string): Promise<{ userId: string; answer: string }> {
  const resident = await DirectLineResident.join(server, { webSocket: false }, residentKey);
  try {
    return { userId: resident.userId, answer: await resident.sayText('my reports') };
  } finally {
    resident.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Direct Line tokens, across two server processes', () => {
  let first: WebServer;
  let second: WebServer;
  beforeAll(async () => {
    const databaseUri = testDatabaseUri('securityTokens');
    const env = { DIRECTLINE_SECRET: SECRET, DIRECTLINE_REFRESH_GRACE_SECONDS: '1' };
    first = await WebServer.start('securityTokens', env, databaseUri);
    second = await WebServer.start('securityTokens', env, databaseUri);
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
  });

  it('a refreshed token works through its grace, then is refused by every process; the new one works', async () => {
    const session = await generateToken(first);
    const activities = `/conversations/${session.conversationId}/activities`;
    const renewed = await refresh(first, session.token);
    // A page already under way with the old token still works, on either process.
    expect(await status(second, activities, session.token)).toBe(200);
    await sleep(1300);
    for (const server of [first, second]) {
      expect(await status(server, activities, session.token)).toBe(403);
      expect(await status(server, `/conversations/${session.conversationId}`, session.token)).toBe(403);
      expect(await status(server, '/tokens/refresh', session.token, 'POST')).toBe(403);
      expect(await status(server, activities, renewed)).toBe(200);
    }
  });

  it('a token is refreshed once: a copy of the old one gets no new token, even within its grace, in any process', async () => {
    const session = await generateToken(first);
    await refresh(first, session.token);
    const again = await fetch(`${second.domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } });
    expect(again.status).toBe(403);
    await sleep(1200);
    expect(await status(second, `/conversations/${session.conversationId}/activities`, session.token)).toBe(403);
  });

  it('"forget me" ends every token of that resident, not only the one the page sent (a copied token included)', async () => {
    const session = await generateToken(first);
    const number = await fileReportAs(first, session);
    const copied = session.token; // an attacker's copy, taken before the page refreshed it
    const pageToken = await refresh(first, session.token);
    const elsewhere = await generateToken(first, session.residentKey); // the same resident in another tab
    expect(await forget(second, session.residentKey, pageToken)).toBe(204);
    for (const [token, conversationId] of [[copied, session.conversationId], [pageToken, session.conversationId], [elsewhere.token, elsewhere.conversationId]]) {
      expect(await status(first, `/conversations/${conversationId}/activities`, token)).toBe(403);
      expect((await fetch(`${second.domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status).toBe(403);
    }
    expect((await myReports(first, session.residentKey)).answer).not.toContain(number);
  });

  it('"forget me on this device": the key no longer brings back the resident or their reports, and the token stops at once', async () => {
    const session = await generateToken(first);
    const number = await fileReportAs(first, session);
    const before = await myReports(second, session.residentKey);
    expect(before.userId).toBe(session.userId);
    expect(before.answer).toContain(number);

    expect(await forget(second, session.residentKey, session.token)).toBe(204);
    expect(await status(first, `/conversations/${session.conversationId}/activities`, session.token)).toBe(403);
    const after = await myReports(first, session.residentKey);
    expect(after.userId).not.toBe(session.userId);
    expect(after.answer).not.toContain(number);
  });

  it("forgetting with someone else's token, or an unknown key, retires nobody's token and says nothing about keys", async () => {
    const alice = await generateToken(first);
    const mallory = await generateToken(first);
    expect(await forget(first, mallory.residentKey, alice.token)).toBe(204);
    expect(await status(first, `/conversations/${alice.conversationId}/activities`, alice.token)).toBe(200);
    expect(await forget(first, 'rk_unknown', alice.token)).toBe(204);
    expect(await status(first, `/conversations/${alice.conversationId}/activities`, alice.token)).toBe(200);
    expect((await generateToken(first, alice.residentKey)).userId).toBe(alice.userId);
  });
});

describe('a resident key expires after its idle time', () => {
  let server: WebServer;
  beforeAll(async () => {
    // Two seconds, in days.
    server = await WebServer.start('securityResidentKeyIdle', { DIRECTLINE_SECRET: SECRET, WEBCHAT_RESIDENT_KEY_IDLE_DAYS: String(2 / 86_400) });
  });
  afterAll(() => server.stop());

  it('brings the resident back while used, and no longer after lying idle; the retention job removes it', async () => {
    const session = await generateToken(server);
    const number = await fileReportAs(server, session);
    await sleep(1000);
    expect((await generateToken(server, session.residentKey)).userId).toBe(session.userId); // used: the idle clock restarts
    await sleep(1000);
    expect((await generateToken(server, session.residentKey)).userId).toBe(session.userId);
    await sleep(2300);
    const later = await myReports(server, session.residentKey);
    expect(later.userId).not.toBe(session.userId);
    expect(later.answer).not.toContain(number);

    // What the retention job's rule does with keys idle past the limit: they are gone from the database.
    const keys = new ResidentKeys(server.civicLine.database.connection, 2000);
    const stored = server.civicLine.database.connection.db!.collection('residentKeys');
    await generateToken(server);
    await sleep(2300);
    const kept = await generateToken(server);
    expect(await keys.deleteIdleBefore(new Date(Date.now() - 2000))).toBeGreaterThan(0);
    expect(await stored.countDocuments()).toBe(1);
    expect((await generateToken(server, kept.residentKey)).userId).toBe(kept.userId);
  });
});
