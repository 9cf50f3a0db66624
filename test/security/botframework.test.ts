import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { CivicLine } from '../../app/createCivicLine';
import { recordingLogger, startCivicLine, startWithTwilioStandIn, stopWithTwilioStandIn, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { LocalProxy } from '../support/localProxy';
import { textsQueuedFor } from '../support/outbox';
import { closeServer, listenEverywhere, outsideAddress } from '../support/outsideAddress';
import { RecordingServer } from '../support/recordingServer';
import { CITY_NUMBER } from '../support/testConfig';

type Body = Record<string, unknown>;

/** What a caller of /api/messages chooses freely: channel, ids, where replies go. */
function activity(text: string, overrides: Body = {}): Body {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    from: { id: 'emulator-user', name: 'User', role: 'user' },
    recipient: { id: 'civicline', name: 'CivicLine', role: 'bot' },
    conversation: { id: 'emulator-conversation' },
    locale: 'en-US',
    text,
    ...overrides,
  };
}

/** A caller claiming to be the SMS resident with this number, in that resident's own conversation. */
function asSmsResident(phone: string, text: string, channelId = 'sms'): Body {
  return activity(text, { channelId, from: { id: phone, name: phone }, recipient: { id: CITY_NUMBER }, conversation: { id: `${CITY_NUMBER}:${phone}` } });
}

async function post(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** The replies of one turn (expectReplies), joined. */
async function say(baseUrl: string, body: Body): Promise<string> {
  const answer = await post(baseUrl, body);
  if (answer.status !== 200) throw new Error(`/api/messages answered ${answer.status}: ${answer.text}`);
  return ((JSON.parse(answer.text) as { activities: { text?: string }[] }).activities ?? []).map((a) => a.text ?? '').join('\n');
}

describe('POST /api/messages, attacked (no MicrosoftAppId: the default)', () => {
  let started: { civicLine: CivicLine; twilioApi: FakeTwilioApi };
  let civicLine: CivicLine;
  let server: Server;
  let local: string;
  let caseNumber: string;
  const resident = () => new TextingResident(civicLine, '+19055550142');

  beforeAll(async () => {
    started = await startWithTwilioStandIn('botframeworkSecurity', { CALLBACK_DISPATCH_SECONDS: '0', OPENING_HOURS: 'Mon-Sun 00:00-24:00' });
    civicLine = started.civicLine;
    const listening = await listenEverywhere(civicLine.app);
    server = listening.server;
    local = `http://127.0.0.1:${listening.port}`;
    // A resident reports by text (the real, signed SMS path): one case filed, a second report waiting for YES.
    expect(await resident().say('pothole at 12 Elm St, deep enough to bend a rim')).toContain('Reply YES');
    caseNumber = /case number is (\d{8})/.exec(await resident().say('yes'))![1];
    expect(await resident().say('streetlight out at 40 King St')).toContain('Please check: Streetlight out at 40 King St');
  });
  afterAll(async () => {
    await closeServer(server);
    await stopWithTwilioStandIn(started);
  });

  it('answers this machine (the Emulator), back on the ids the caller sent', async () => {
    const answer = await post(local, activity('hi'));
    expect(answer.status).toBe(200);
    const [reply] = (JSON.parse(answer.text) as { activities: Body[] }).activities;
    expect(reply).toMatchObject({ channelId: 'emulator', conversation: { id: 'emulator-conversation' }, recipient: { id: 'emulator-user' } });
    expect(reply.text).toContain('This is the Town of Elmhurst');
  });

  it('refuses a caller on another machine, and one a local proxy or tunnel forwards from outside', async () => {
    const direct = await post(`http://${outsideAddress()}:${(server.address() as { port: number }).port}`, activity('my reports'));
    expect(direct.status).toBe(403);
    const proxy = new LocalProxy((server.address() as { port: number }).port);
    const proxyPort = await proxy.start();
    try {
      expect((await post(`http://${outsideAddress()}:${proxyPort}`, activity('my reports'))).status).toBe(403);
      expect((await post(local, activity('my reports'), { 'X-Forwarded-For': '203.0.113.8' })).status).toBe(403);
    } finally {
      await proxy.stop();
    }
  });

  it('refuses MongoDB operators and wrong types in every field (400), so no query ever sees them', async () => {
    const operator = { $ne: null };
    const bad: Array<[string, Body]> = [
      ['from.id $ne', activity('my reports', { from: { id: operator } })],
      ['from.id $gt', activity('my reports', { from: { id: { $gt: '' } } })],
      ['from a string', activity('my reports', { from: '+19055550142' })],
      ['conversation.id', activity('my reports', { conversation: { id: operator } })],
      ['channelId', activity('my reports', { channelId: operator })],
      ['channelId a number', activity('my reports', { channelId: 7 })],
      ['channelId with a colon', activity('my reports', { channelId: 'sms:+19055550142' })],
      ['recipient.id', activity('my reports', { recipient: { id: { $gt: '' } } })],
      ['text', activity('x', { text: operator })],
      ['text an array', activity('x', { text: ['my reports'] })],
      ['text too long', activity('x'.repeat(5001))],
      ['attachments an object', activity('x', { attachments: { contentType: 'image/png' } })],
      ['attachment type', activity('x', { attachments: [{ contentType: operator, contentUrl: 'https://example.test/a.png' }] })],
      ['attachment file: url', activity('x', { attachments: [{ contentType: 'image/png', contentUrl: 'file:///etc/passwd' }] })],
      ['value.choice', activity('x', { value: { choice: operator } })],
      ['serviceUrl', activity('x', { serviceUrl: operator })],
      ['serviceUrl javascript:', activity('x', { serviceUrl: 'javascript:alert(1)' })],
      ['type', activity('x', { type: operator })],
      ['type invoke', activity('x', { type: 'invoke' })],
      ['deliveryMode', activity('x', { deliveryMode: 'anything' })],
      ['id', activity('x', { id: operator })],
      ['locale', activity('x', { locale: operator })],
      ['membersAdded', activity('x', { type: 'conversationUpdate', membersAdded: [{ id: operator }] })],
      // Characters an HTTP header cannot carry: the conversation id goes back in the reply's x-ms-conversation-id.
      ['conversation.id control character', activity('x', { conversation: { id: 'conv\u0001id' } })],
      ['conversation.id non-ASCII', activity('x', { conversation: { id: 'conv\u00e9\u4e2d' } })],
      ['from.id newline', activity('x', { from: { id: 'user\r\nX-Injected: 1' } })],
    ];
    for (const [field, body] of bad) {
      const answer = await post(local, body);
      expect({ field, status: answer.status }).toEqual({ field, status: 400 });
      expect(answer.text).not.toContain(caseNumber);
    }
    for (const raw of ['[]', '"my reports"', 'null', '{"type":"message","from":{"id":']) {
      expect({ raw, status: (await post(local, raw)).status }).toEqual({ raw, status: 400 });
    }
    expect((await post(local, activity('x'.repeat(300_000)))).status).toBe(413);
  });

  it("a caller claiming an SMS, phone or web chat resident's number sees none of their cases", async () => {
    for (const channelId of ['sms', 'voice', 'webchat', 'emulator']) {
      const mine = await say(local, asSmsResident('+19055550142', 'my reports', channelId));
      expect({ channelId, mine }).toEqual({ channelId, mine: expect.not.stringContaining(caseNumber) });
      expect(mine).not.toMatch(/Elm St|King St/);
      // With the number, what a stranger sees: the kind of problem and its status, not where or the staff notes.
      const status = await say(local, asSmsResident('+19055550142', `status ${caseNumber}`, channelId));
      expect(status).toContain(`Case ${caseNumber}`);
      expect(status).not.toContain('Elm St');
    }
  });

  it("cannot answer YES in the resident's live SMS conversation: the resident's own YES still files their report", async () => {
    await say(local, asSmsResident('+19055550142', 'yes'));
    await say(local, asSmsResident('+19055550142', 'send it'));
    expect(await civicLine.cases.listForReporter('+19055550142')).toHaveLength(1);
    expect(await resident().say('yes')).toMatch(/Your case number is \d{8}/);
    expect(await civicLine.cases.listForReporter('+19055550142')).toHaveLength(2);
  });

  it('never makes the city call or text anyone: no call-back is offered or queued', async () => {
    const phone = '+19055550143';
    // What a resident texting from that number would answer: as soon as possible, the subject, yes this number.
    const asked = await say(local, asSmsResident(phone, 'please call me back'));
    for (const answer of ['1', 'my water bill', '1', 'call me at 905-555-0199']) await say(local, asSmsResident(phone, answer));
    const person = await say(local, asSmsResident(phone, 'can I talk to a person'));
    for (const number of [phone, '+19055550199']) {
      expect(await civicLine.callbacks.queue.recentFor(number)).toEqual([]);
      expect(await textsQueuedFor(civicLine, number)).toEqual([]);
    }
    expect(started.twilioApi.calls).toEqual([]);
    expect(started.twilioApi.messages.filter((m) => m.to !== '+19055550142')).toEqual([]);
    expect(asked).toContain("I can't arrange a call-back from here.");
    expect(asked).toContain('905-555-0311');
    expect(person).not.toMatch(/call you back/);
  });

  it('posts replies only to this machine: a serviceUrl elsewhere is never called', async () => {
    const elsewhere = new RecordingServer();
    const port = await elsewhere.start();
    try {
      for (const serviceUrl of [`http://${outsideAddress()}:${port}`, 'http://169.254.169.254/latest/meta-data', 'https://example.test']) {
        const answer = await post(local, activity('hi', { serviceUrl, deliveryMode: 'normal' }));
        expect({ serviceUrl, status: answer.status }).toEqual({ serviceUrl, status: 400 });
      }
      expect(elsewhere.hits).toEqual([]);
    } finally {
      await elsewhere.stop();
    }
  });

  it("answers a turn whose own reply address refused with a clean 400: not that address's answer, not the error, not a stack", async () => {
    // 400, not 500: botbuilder would retry a 500 for a while before giving up.
    const internal = new RecordingServer(400, '{"secret":"SECRET-FROM-AN-INTERNAL-SERVICE"}');
    const port = await internal.start('127.0.0.1');
    try {
      const answer = await post(local, activity('hi', { serviceUrl: `http://127.0.0.1:${port}`, deliveryMode: 'normal', conversation: { id: randomUUID() } }));
      expect(internal.hits.length).toBeGreaterThan(0);
      // The caller chose the reply address (on this machine): its refusal is the caller's to fix, never a 5xx.
      expect(answer.status).toBe(400);
      expect(answer.text).toBe('Bad request: the reply could not be delivered to serviceUrl');
      expect(answer.text).not.toContain('SECRET');
    } finally {
      await internal.stop();
    }
  });
});

describe('POST /api/messages with an Azure app id', () => {
  it('takes no request without a valid Bot Framework token, from anywhere, and never calls its serviceUrl', async () => {
    const civicLine = await startCivicLine('botframeworkAzureSecurity', { MicrosoftAppId: '00000000-0000-0000-0000-0000000000ab', MicrosoftAppPassword: 'app-password-from-azure' });
    const { server, port } = await listenEverywhere(civicLine.app);
    const target = new RecordingServer();
    const targetPort = await target.start();
    try {
      const serviceUrl = `http://${outsideAddress()}:${targetPort}`;
      for (const base of [`http://${outsideAddress()}:${port}`, `http://127.0.0.1:${port}`]) {
        for (const authorization of [undefined, 'Bearer eyJhbGciOiJub25lIn0.eyJzZXJ2aWNldXJsIjoiaHR0cDovL2V2aWwifQ.']) {
          const answer = await post(base, activity('my reports', { serviceUrl, deliveryMode: 'normal' }), authorization ? { Authorization: authorization } : {});
          expect(answer.status).toBe(401);
          expect(answer.text).toBe('Unauthorized');
        }
      }
      expect(target.hits).toEqual([]);
    } finally {
      await target.stop();
      await closeServer(server);
      await civicLine.close();
    }
  });
});

describe('POST /api/messages flooded', () => {
  it('answers 429 past the limit per address, and a forged X-Forwarded-For does not start a new count', async () => {
    const logger = recordingLogger();
    const civicLine = await startCivicLine('botframeworkFlood', { RATE_LIMIT_IP_PER_MINUTE: '5' }, undefined, { logger });
    // Start-up says the endpoint is unauthenticated and therefore local.
    expect(logger.lines).toContain('POST /api/messages: no MicrosoftAppId, so it answers requests from this machine only (the Bot Framework Emulator)');
    const { server, port } = await listenEverywhere(civicLine.app);
    try {
      const statuses: number[] = [];
      // Twice the limit and one: whichever minute the run straddles, one window is over the limit.
      for (let i = 0; i < 11; i++) statuses.push((await post(`http://127.0.0.1:${port}`, {}, { 'X-Forwarded-For': `127.0.0.${i + 2}` })).status);
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s !== 429 && s !== 400)).toEqual([]);
      expect(statuses[statuses.length - 1]).toBe(429);
    } finally {
      await closeServer(server);
      await civicLine.close();
    }
  });
});
