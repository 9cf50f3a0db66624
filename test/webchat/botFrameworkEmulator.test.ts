import { once } from 'node:events';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';

interface Reply {
  conversationId: string;
  activity: { type: string; text?: string; replyToId?: string; suggestedActions?: { actions: { title: string }[] } };
  authorization?: string;
}

/** The Bot Framework Emulator's side: it posts activities to /api/messages and receives replies at its serviceUrl. */
class FakeEmulator {
  readonly replies: Reply[] = [];
  private server?: Server;

  async start(): Promise<string> {
    const app = express();
    app.post('/v3/conversations/:conversationId/activities/:activityId', express.json(), (req, res) => {
      this.replies.push({ conversationId: req.params.conversationId, activity: req.body as Reply['activity'], authorization: req.header('authorization') });
      res.json({ id: `reply-${this.replies.length}` });
    });
    this.server = app.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.close();
  }
}

describe('POST /api/messages (Bot Framework Emulator, Azure Bot Service)', () => {
  let civicLine: CivicLine;
  let emulator: FakeEmulator;
  let serviceUrl: string;
  beforeAll(async () => {
    civicLine = await startCivicLine('botFramework');
    emulator = new FakeEmulator();
    serviceUrl = await emulator.start();
  });
  afterAll(async () => {
    await civicLine.close();
    await emulator.stop();
  });

  const activity = (id: string, text: string, value?: unknown) => ({
    type: 'message',
    id,
    channelId: 'emulator',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: 'emulator-user-1', name: 'User', role: 'user' },
    recipient: { id: 'civicline', name: 'CivicLine', role: 'bot' },
    conversation: { id: 'emulator-conversation-1' },
    locale: 'en-US',
    text,
    ...(value ? { value } : {}),
  });

  it('answers the Emulator (no app id configured) through its serviceUrl, with buttons', async () => {
    const response = await request(civicLine.app).post('/api/messages').send(activity('m1', 'hi'));
    expect(response.status).toBe(200);
    const reply = emulator.replies.find((r) => r.activity.replyToId === 'm1');
    expect(reply?.conversationId).toBe('emulator-conversation-1');
    expect(reply?.activity.text).toContain('This is the Town of Elmhurst');
    expect(reply?.activity.suggestedActions?.actions.map((a) => a.title)).toContain('Report a problem');
  });

  it('runs the same dialogs as every channel: a question, then a button press', async () => {
    await request(civicLine.app).post('/api/messages').send(activity('m2', 'how do I license my dog?'));
    expect(emulator.replies.find((r) => r.activity.replyToId === 'm2')?.activity.text).toContain('Every dog over 12 weeks');
    await request(civicLine.app).post('/api/messages').send(activity('m3', 'Report a problem', { choice: 'menu:report' }));
    expect(emulator.replies.find((r) => r.activity.replyToId === 'm3')?.activity.text).toContain("What's the problem?");
  });

  it('refuses unauthenticated requests once an Azure app id is configured', async () => {
    const azure = await startCivicLine('botFrameworkAzure', { MicrosoftAppId: '00000000-0000-0000-0000-0000000000aa', MicrosoftAppPassword: 'app-password-from-azure' });
    // botbuilder reports the refused request on the console itself.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const before = emulator.replies.length;
      const response = await request(azure.app).post('/api/messages').send(activity('m4', 'hi'));
      expect(response.status).toBe(401);
      expect(emulator.replies.length).toBe(before);
    } finally {
      quiet.mockRestore();
      await azure.close();
    }
  });
});
