import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DirectLineResident } from '../support/directLineClient';
import { pngImage } from '../support/photos';
import { WebServer } from '../support/webChatHarness';

const STAFF_TOKEN = 'agent-token-0123456789abcdef';
const PHOTO = pngImage(16, 12);

/** The resident's camera roll: the client fetches a picture by URL before uploading it, as Web Chat does. */
async function servePicture(): Promise<{ url: string; close(): void }> {
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(PHOTO));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pothole.png`, close: () => server.close() };
}

/** The official Direct Line client (botframework-directlinejs, as Web Chat runs it) against CivicLine's own server. */
describe.each([
  ['over the WebSocket stream', true],
  ['by polling', false],
])('the official Direct Line client %s', (_how, webSocket) => {
  let server: WebServer;
  let picture: { url: string; close(): void };
  const residents: DirectLineResident[] = [];
  const join = async (resume?: { conversationId: string; token: string }, residentKey?: string) => {
    const resident = await DirectLineResident.join(server, { webSocket, resume }, residentKey);
    residents.push(resident);
    return resident;
  };

  beforeAll(async () => {
    server = await WebServer.start(`directLine${webSocket ? 'Ws' : 'Poll'}`, { STAFF_API_TOKENS: `agent:ann:${STAFF_TOKEN}` });
    picture = await servePicture();
  });
  afterAll(async () => {
    residents.forEach((r) => r.end());
    picture.close();
    await server.stop();
  });

  it('greets a resident who joins with the main menu as buttons', async () => {
    const resident = await join();
    const [greeting] = await resident.join('en-CA');
    expect(greeting.text).toContain('This is the Town of Elmhurst');
    expect(greeting.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Report a problem',
      'Check on a report or permit',
      'Ask a question',
      'Get a call back',
      'Talk to a person',
      'Français / other languages',
    ]);
    expect(greeting.replyToId).toBeUndefined(); // an answer to a hidden event must not name it
  });

  it("echoes the resident's own message with an id and the client's clientActivityID", async () => {
    const resident = await join();
    const id = await resident.post({ type: 'message', text: 'hello', from: { id: resident.userId }, channelData: { clientActivityID: 'client-42' } });
    const echo = await resident.waitFor((a) => a.id === id);
    expect(echo).toMatchObject({ text: 'hello', from: { id: resident.userId, role: 'user' }, channelData: { clientActivityID: 'client-42' } });
    expect(new Date(echo.timestamp ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers a question', async () => {
    const resident = await join();
    expect(await resident.sayText('how do I license my dog?')).toContain('Every dog over 12 weeks');
  });

  it('takes a button press (messageBack with the choice) like the typed choice', async () => {
    const resident = await join();
    await resident.join();
    const reply = await resident.sayText('Report a problem', { value: { choice: 'menu:report' }, channelData: { messageBack: { displayText: 'Report a problem' } } });
    expect(reply).toContain("What's the problem?");
  });

  it('files a full report with a photo, which only its conversation and staff can see, then checks its status', async () => {
    const resident = await join();
    const summary = await resident.sayText('pothole at 9 Mill St, my front tire went right in', {
      attachments: [{ contentType: 'image/png', contentUrl: picture.url, name: 'pothole.png' }],
    });
    expect(summary).toContain('Pothole at 9 Mill St');
    expect(summary).toContain('1 photo.');

    // The client sees its own photo back, from CivicLine's store, through its own conversation.
    const echo = resident.received.find((a) => a.from.role === 'user' && a.attachments?.length);
    const shown = echo!.attachments![0];
    expect(shown.contentType).toBe('image/png');
    const mine = await fetch(shown.contentUrl!);
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer()).equals(PHOTO)).toBe(true);

    const filed = await resident.sayText('yes');
    const number = /case number is (\d{8})/.exec(filed)?.[1];
    expect(number).toBeDefined();
    const stored = await server.civicLine.cases.findByNumber(number!);
    expect(stored!.reporters[0]).toMatchObject({ channel: 'webchat', address: resident.userId });
    expect(stored!.photos).toHaveLength(1);

    // Staff open the case's photo with their token; without one, nothing.
    const staffUrl = stored!.photos[0].url.replace('https://civicline.example.test', server.baseUrl);
    expect((await fetch(staffUrl)).status).toBe(401);
    const forStaff = await fetch(staffUrl, { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } });
    expect(Buffer.from(await forStaff.arrayBuffer()).equals(PHOTO)).toBe(true);

    // Another resident's conversation cannot open it, even with a valid token of its own.
    const other = await join();
    const stolen = shown.contentUrl!.replace(resident.session.conversationId, other.session.conversationId).replace(/\?t=[^&]+/, '');
    expect((await fetch(stolen, { headers: { Authorization: `Bearer ${other.session.token}` } })).status).toBe(404);
    // Nor can the photo's own link, moved to that conversation.
    expect((await fetch(shown.contentUrl!.replace(resident.session.conversationId, other.session.conversationId))).status).toBe(403);

    const status = await resident.sayText(`status ${number}`);
    expect(status).toContain(`Case ${number}`);
    expect(status).toContain('Received');
  });

  it("is told in the chat when the case's status changes", async () => {
    const resident = await join();
    await resident.sayText('streetlight out in front of 45 Elm St, dark for a week');
    const number = /case number is (\d{8})/.exec(await resident.sayText('yes'))?.[1];
    expect(number).toBeDefined();

    await server.civicLine.cases.changeStatus(number!, 'scheduled', 'Crew booked for Thursday');

    const notice = await resident.waitFor((a) => a.from.role === 'bot' && (a.text ?? '').includes(`Update on your report ${number}`), 20_000);
    expect(notice.text).toContain('Scheduled');
  });

  it('after a reload continues the same conversation, history first', async () => {
    const first = await join();
    expect(await first.sayText('how do I license my dog?')).toContain('Every dog over 12 weeks');
    first.end();

    // The page reloads: it refreshes its stored token and reconnects to the stored conversation.
    const refreshed = await fetch(`${server.domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${first.session.token}` } });
    const { token } = (await refreshed.json()) as { token: string };
    const again = await join({ conversationId: first.session.conversationId, token });
    const history = await again.waitFor((a) => a.type === 'message' && a.from.role === 'bot' && (a.text ?? '').includes('Every dog'));
    expect(history.id).toBeDefined();
    expect(again.received.some((a) => a.text === 'how do I license my dog?')).toBe(true);
    const greetingHistory = again.received.length;
    expect(greetingHistory).toBeGreaterThanOrEqual(2);
    expect(await again.sayText('thanks')).toContain("You're welcome");
  });

  it('a resident back later in the same browser (a new conversation, same resident key) sees their reports', async () => {
    const first = await join();
    await first.sayText('streetlight out at 45 Elm St, completely dark at night for a week');
    const filed = await first.sayText('yes');
    // A chat window is not a phone: "send", not "text"; "for you", not "for your number".
    expect(filed).toMatch(/Send "status \d{8}" anytime/);
    expect(filed).not.toMatch(/Text "status/);
    const number = /case number is (\d{8})/.exec(filed)![1];
    first.end();

    const later = await join(undefined, first.session.residentKey);
    expect(later.session.conversationId).not.toBe(first.session.conversationId);
    expect(later.userId).toBe(first.userId);
    const mine = await later.sayText('my reports');
    expect(mine).toContain(`Case ${number}`);
    expect(mine).not.toMatch(/your number/);

    // Someone else's browser (no key) sees nothing of it.
    const stranger = await join();
    expect(await stranger.sayText('my reports')).not.toContain(number);
  });
});
