import { pngImage } from '../support/photos';
import { MultipartBody, sendRaw } from '../support/multipart';
import { generateToken, StartedConversation, WebServer } from '../support/webChatHarness';

interface Call {
  method?: string;
  path: string;
  body?: unknown;
  /** Send the conversation's token (the default), or none. */
  token?: boolean;
}

/** Every field of every Direct Line route, each with MongoDB operators and wrong types. */
function attacks(s: StartedConversation): [string, Call][] {
  const conversation = `/conversations/${s.conversationId}`;
  const message = (fields: Record<string, unknown>) => ({ method: 'POST', path: `${conversation}/activities`, body: { type: 'message', text: 'hello', ...fields } });
  return [
    ['generate: residentKey as an operator', { method: 'POST', path: '/tokens/generate', body: { residentKey: { $ne: null } }, token: false }],
    ['generate: residentKey as a number', { method: 'POST', path: '/tokens/generate', body: { residentKey: 42 }, token: false }],
    ['generate: residentKey as a list', { method: 'POST', path: '/tokens/generate', body: { residentKey: ['a', 'b'] }, token: false }],
    ['generate: a field of its own choosing', { method: 'POST', path: '/tokens/generate', body: { userId: s.userId }, token: false }],
    ['generate: an operator in the query', { method: 'POST', path: '/tokens/generate?userId[$ne]=x', body: {}, token: false }],
    ['forget: residentKey as an operator', { method: 'POST', path: '/tokens/forget', body: { residentKey: { $gt: '' } }, token: false }],
    ['forget: no residentKey', { method: 'POST', path: '/tokens/forget', body: {}, token: false }],
    ['refresh: an operator in the query', { method: 'POST', path: '/tokens/refresh?conversationId[$ne]=x' }],
    ['start: an operator in the query', { method: 'POST', path: '/conversations?watermark[$gt]=' }],
    ['resume: watermark as an operator', { path: `${conversation}?watermark[$gt]=0` }],
    ['resume: watermark as a list', { path: `${conversation}?watermark=1&watermark=2` }],
    ['resume: watermark as words', { path: `${conversation}?watermark=latest` }],
    ['resume: an operator as the conversation id', { path: `/conversations/${encodeURIComponent('{"$ne":null}')}` }],
    ['poll: watermark as an operator', { path: `${conversation}/activities?watermark[$ne]=` }],
    ['poll: watermark as a list', { path: `${conversation}/activities?watermark=1&watermark=2` }],
    ['poll: an unknown parameter', { path: `${conversation}/activities?where=1` }],
    ['post: type as an operator', message({ type: { $ne: null } })],
    ['post: type unknown', message({ type: 'conversationUpdate' })],
    ['post: text as an operator', message({ text: { $gt: '' } })],
    ['post: text as a number', message({ text: 5 })],
    ['post: text too long', message({ text: 'x'.repeat(5001) })],
    ['post: textFormat unknown', message({ textFormat: 'html' })],
    ['post: name as a number', message({ name: 7 })],
    ['post: value with an operator', message({ value: { $where: 'sleep(1000)' } })],
    ['post: value with a dotted key', message({ value: { 'reporters.address': 'x' } })],
    ['post: locale as a list', message({ locale: ['en'] })],
    ['post: localTimestamp as an object', message({ localTimestamp: { $date: 1 } })],
    ['post: localTimezone as a number', message({ localTimezone: 3 })],
    ['post: channelData with an operator', message({ channelData: { $set: { role: 'bot' } } })],
    ['post: channelData as a string', message({ channelData: 'x' })],
    ['post: entities with an operator', message({ entities: [{ type: 'x', $inc: 1 }] })],
    ['post: entities as an object', message({ entities: { type: 'x' } })],
    ['post: from.id as an operator', message({ from: { id: { $ne: null } } })],
    ['post: from as the bot', message({ from: { id: 'civicline', role: 'bot' } })],
    ['post: attachments as a string', message({ attachments: 'http://169.254.169.254/' })],
    ['post: an operator as a field name', message({ $where: '1' })],
    ['post: a list instead of an activity', { method: 'POST', path: `${conversation}/activities`, body: [{ type: 'message', text: 'hi' }] }],
    ['post: an operator in the query', { method: 'POST', path: `${conversation}/activities?watermark[$gt]=`, body: { type: 'message', text: 'hi' } }],
    ['photo: an operator as its link token', { path: `${conversation}/photos/w1?t[$ne]=x`, token: false }],
    ['photo: an operator as its id', { path: `${conversation}/photos/${encodeURIComponent('{"$gt":""}')}`, token: false }],
  ];
}

describe('Direct Line routes refuse MongoDB operators and wrong types in every field (400)', () => {
  let server: WebServer;
  let session: StartedConversation;
  beforeAll(async () => {
    server = await WebServer.start('securityOperators', { DIRECTLINE_SECRET: 'o'.repeat(48), RATE_LIMIT_IP_PER_MINUTE: '1000', RATE_LIMIT_CONVERSATION_PER_MINUTE: '1000' });
    session = await generateToken(server);
  });
  afterAll(() => server.stop());

  it.each(Array.from({ length: 40 }, (_, i) => i))('attack %i', async (i) => {
    const [what, call] = attacks(session)[i];
    const answer = await fetch(`${server.domain}${call.path}`, {
      method: call.method ?? 'GET',
      headers: {
        ...(call.token === false ? {} : { Authorization: `Bearer ${session.token}` }),
        ...(call.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
    });
    expect({ what, status: answer.status }).toEqual({ what, status: 400 });
  });

  it('covers every attack listed', () => {
    expect(attacks(session)).toHaveLength(40);
  });

  it('stored nothing from any of them: the conversation is empty', async () => {
    const history = await fetch(`${server.domain}/conversations/${session.conversationId}/activities`, { headers: { Authorization: `Bearer ${session.token}` } });
    expect(((await history.json()) as { activities: unknown[] }).activities).toEqual([]);
  });

  it.each([
    ['an operator as the activity type', { type: { $ne: null } }],
    ['an operator in the value', { type: 'message', value: { $gt: '' } }],
    ['text as a number', { type: 'message', text: 12 }],
  ])('upload: refuses %s in the activity part, before storing its photo', async (_what, activity) => {
    const form = new MultipartBody().activity(activity).file('a.png', 'image/png', pngImage());
    const answer = await sendRaw(`${server.domain}/conversations/${session.conversationId}/upload`, { Authorization: `Bearer ${session.token}`, 'Content-Type': form.contentType }, form.complete());
    expect(answer.status).toBe(400);
    expect(await server.civicLine.database.connection.db!.collection('photos.files').countDocuments()).toBe(0);
  });

  it('upload: refuses an operator in its query', async () => {
    const form = new MultipartBody().activity({ type: 'message' }).file('a.png', 'image/png', pngImage());
    const answer = await sendRaw(`${server.domain}/conversations/${session.conversationId}/upload?userId[$ne]=x`, { Authorization: `Bearer ${session.token}`, 'Content-Type': form.contentType }, form.complete());
    expect(answer.status).toBe(400);
  });

  it('still takes what the official client sends', async () => {
    const answer = await fetch(`${server.domain}/conversations/${session.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'hello',
        textFormat: 'plain',
        from: { id: session.userId, name: '', role: 'user' },
        locale: 'fr-CA',
        localTimestamp: '2026-12-07T19:00:00-05:00',
        localTimezone: 'America/Toronto',
        channelData: { clientActivityID: '1733600000000abc', clientTimestamp: '2026-12-08T00:00:00.000Z' },
        entities: [{ type: 'ClientCapabilities', requiresBotState: true, supportsListening: true, supportsTts: true }],
      }),
    });
    expect(answer.status).toBe(200);
  });
});
