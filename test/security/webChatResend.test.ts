import { waitFor } from '../support/waitFor';
import { generateToken, WebServer } from '../support/webChatHarness';

/**
 * Web Chat sends a message again, with the same clientActivityID, when its POST timed out on a slow connection
 * although the server had stored it. The resident wrote it once: it is one message, answered once.
 */
describe('a web chat message sent again after a timeout', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start('webchat-resend');
  });
  afterAll(async () => server.stop());

  async function post(conversationId: string, token: string, text: string, clientActivityID: string) {
    const response = await fetch(`${server.domain}/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'message', from: { id: 'ignored' }, text, locale: 'en-US', channelData: { clientActivityID } }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  async function history(conversationId: string, token: string) {
    const response = await fetch(`${server.domain}/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
    return ((await response.json()) as { activities: Array<{ id: string; from: { role?: string; id: string }; text?: string; replyToId?: string }> }).activities;
  }

  it('is stored once, gets the first send\'s id, and is answered once', async () => {
    const { conversationId, token, userId } = await generateToken(server);
    const first = await post(conversationId, token, 'when is garbage day on Elm St', 'client-1');
    const again = await post(conversationId, token, 'when is garbage day on Elm St', 'client-1');
    expect(again).toBe(first);

    await waitFor(async () => (await history(conversationId, token)).some((a) => a.from.id !== userId && a.replyToId === first));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a second answer, if one were coming
    const activities = await history(conversationId, token);
    expect(activities.filter((a) => a.from.id === userId && a.text === 'when is garbage day on Elm St')).toHaveLength(1);
    const answers = activities.filter((a) => a.replyToId === first);
    const texts = answers.map((a) => a.text);
    expect(new Set(texts).size).toBe(texts.length); // no answer shown twice
  });

  it('a different message with its own id is a new message', async () => {
    const { conversationId, token } = await generateToken(server);
    const first = await post(conversationId, token, 'hello', 'client-a');
    const second = await post(conversationId, token, 'hello', 'client-b');
    expect(second).not.toBe(first);
  });
});
