import { testDatabaseUri } from '../support/database';
import { DirectLineResident } from '../support/directLineClient';
import { WebServer } from '../support/webChatHarness';

/**
 * Two server processes (two CivicLines, each with its own HTTP server and database connection) against one
 * database, as behind a load balancer: no process keeps a conversation's state or its secret to itself.
 */
describe('one web conversation served by two processes', () => {
  let first: WebServer;
  let second: WebServer;
  beforeAll(async () => {
    const databaseUri = testDatabaseUri('twoProcesses');
    // No DIRECTLINE_SECRET: the first process draws one and keeps it in the database; the second reads it.
    first = await WebServer.start('twoProcesses', {}, databaseUri);
    second = await WebServer.start('twoProcesses', {}, databaseUri);
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
  });

  it("delivers a message posted through one process to a client streaming from the other, within the stream's polling interval", async () => {
    const listener = await DirectLineResident.join(first, { webSocket: true });
    await listener.join();

    // The same resident's other tab (or a retried request) reaches the second process with the same token.
    const posted = await fetch(`${second.domain}/conversations/${listener.session.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${listener.session.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'how do I license my dog?', from: { id: listener.userId } }),
    });
    expect(posted.status).toBe(200);
    const { id } = (await posted.json()) as { id: string };

    // The first process's socket finds it in the database at its next look (every 100 ms in WEB_TEST_ENV).
    const echo = await listener.waitFor((a) => a.id === id);
    expect(echo.text).toBe('how do I license my dog?');
    // The turn ran in the second process; its answer reaches the socket held by the first.
    const answer = await listener.waitFor((a) => a.replyToId === id);
    expect(answer.text).toContain('Every dog over 12 weeks');
    listener.end();
  });

  it('continues a conversation started on one process from the other, with its dialog state', async () => {
    const resident = await DirectLineResident.join(first, { webSocket: false });
    expect(await resident.sayText('pothole at 9 Mill St, my front tire went right in')).toContain('Reply YES');
    resident.end();

    const token = resident.session.token;
    const elsewhere = await DirectLineResident.join(second, { webSocket: true, resume: { conversationId: resident.session.conversationId, token } });
    await elsewhere.waitFor((a) => (a.text ?? '').includes('Reply YES'));
    expect(await elsewhere.sayText('yes')).toMatch(/case number is \d{8}/);
    elsewhere.end();
  });
});
