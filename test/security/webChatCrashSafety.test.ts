import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotState, ConversationState, TurnContext } from 'botbuilder';
import mongoose from 'mongoose';
import { WEB_BOT, webUser } from '../../channels/directline/DirectLineConversations';
import { EmbeddedDatabase, freePort } from '../../db/EmbeddedDatabase';
import { DirectLineRestClient } from '../../scripts/chaos/directLineRest';
import { localTransport, SimulatedCall, wordsIn, parseTwiml } from '../../scripts/voiceClient';
import { VoicePrompts } from '../../channels/voice/VoicePrompts';
import { startWithTwilioStandIn, stopWithTwilioStandIn } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { heardText, phoneCall } from '../support/phoneCall';
import { FERRETDB_BINARY, PROJECT_ROOT } from '../support/paths';
import { ServerProcess } from '../support/serverProcess';
import { CITY_NUMBER, TEST_AUTH_TOKEN } from '../support/testConfig';
import { waitFor } from '../support/waitFor';
import { WebServer } from '../support/webChatHarness';

const ERROR_TURN = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'locales', 'en', 'translation.json'), 'utf8')) as { error: { turn: string } }).error.turn;
const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `civicline-${label}-`));

/** A web chat resident polling the conversation's activities, as the official client does without a socket. */
async function say(client: DirectLineRestClient, text: string, waitMs = 30_000): Promise<string> {
  const id = await client.post(text);
  if (!id) throw new Error(`"${text}" was not accepted`);
  return client.awaitAnswer(id, Date.now() + waitMs);
}

/** Saving this conversation's state fails as a lost database connection would, until restored. */
function conversationSavesFail(conversationId: string): jest.SpyInstance {
  const save = BotState.prototype.saveChanges;
  return jest.spyOn(BotState.prototype, 'saveChanges').mockImplementation(async function (this: BotState, context: TurnContext, force?: boolean) {
    if (this instanceof ConversationState && context.activity.conversation?.id === conversationId) {
      throw Object.assign(new Error('connection reset by peer'), { name: 'MongoNetworkError' });
    }
    return save.call(this, context, force);
  });
}

/** Everything the bot has shown in the conversation, oldest first. */
async function botTexts(server: WebServer, conversationId: string): Promise<string[]> {
  const { activities } = await server.civicLine.directLine.activitiesAfter(conversationId, 0, 500);
  return activities.filter((a) => a.from?.id === WEB_BOT.id && a.type === 'message').map((a) => a.text ?? '');
}

const count = (texts: string[], pattern: RegExp) => texts.filter((t) => pattern.test(t)).length;

describe('web chat: a database failure in the middle of a turn', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start('webCrashDbFailure');
  });
  afterAll(() => server.stop());
  afterEach(() => jest.restoreAllMocks());

  it('shows nothing the failed turn said, only "please send that again", and the report does not get the words', async () => {
    const client = await DirectLineRestClient.start(server.baseUrl);
    expect(await say(client, 'the streetlight is out')).toContain('Where is it?');
    expect(await say(client, '40 King St')).toContain('Streetlight out at 40 King St');

    const failing = conversationSavesFail(client.conversationId);
    const answer = await say(client, 'dark for a week, kids walk here');
    failing.mockRestore();

    expect(answer).toBe(ERROR_TURN);
    expect(await botTexts(server, client.conversationId)).not.toContain("I've added that to the description.");
    const filed = await say(client, 'yes');
    const number = /case number is (\d{8})/.exec(filed)?.[1];
    expect(number).toBeDefined();
    const stored = await server.civicLine.cases.findByNumber(number!);
    expect(stored?.description).toBe('the streetlight is out');
  }, 90_000);
});

describe('web chat: a message accepted by a process that died before answering it', () => {
  const uri = testDatabaseUri('webCrashTwoProcesses');
  let first: WebServer;
  let second: WebServer;
  beforeAll(async () => {
    first = await WebServer.start('webCrashA', {}, uri);
    second = await WebServer.start('webCrashB', {}, uri);
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
  });

  /** The database as a killed process leaves it: the message stored and owed, under a lease nobody renews. */
  async function acceptedByCrashedProcess(client: DirectLineRestClient, text: string): Promise<string> {
    const { id } = await first.civicLine.directLine.append(client.conversationId, { type: 'message', text, from: webUser(client.userId), recipient: WEB_BOT });
    await owedByCrashedProcess(client.conversationId, id);
    return id;
  }

  async function owedByCrashedProcess(conversationId: string, id: string): Promise<void> {
    const past = new Date(Date.now() - 5000);
    await first.civicLine.database.connection
      .collection<{ _id: string; conversationId: string; refused: unknown[]; owner: string; leaseUntil: Date; at: Date }>('directLineTurnsOwed')
      .insertOne({ _id: id, conversationId, refused: [], owner: 'crashed-process', leaseUntil: past, at: past });
  }

  it('is answered once by one of the processes still alive, and applied once', async () => {
    const client = await DirectLineRestClient.start(first.baseUrl);
    expect(await say(client, 'the streetlight is out')).toContain('Where is it?');

    const id = await acceptedByCrashedProcess(client, '40 King St');

    expect(await client.awaitAnswer(id, Date.now() + 20_000)).toContain('Streetlight out at 40 King St');
    await new Promise((r) => setTimeout(r, 4000)); // both sweeps have run again since
    expect(count(await botTexts(first, client.conversationId), /Streetlight out at 40 King St/)).toBe(1);
    const filed = await say(client.via(second.baseUrl), 'yes');
    const number = /case number is (\d{8})/.exec(filed)?.[1];
    expect((await first.civicLine.cases.findByNumber(number!))?.location.text).toBe('40 King St');
  }, 90_000);

  it('is answered before a message the resident sent after it, in the order they were sent', async () => {
    const client = await DirectLineRestClient.start(first.baseUrl);
    expect(await say(client, 'the streetlight is out')).toContain('Where is it?');

    const earlier = await acceptedByCrashedProcess(client, '40 King St');
    const later = await client.post('dark for a week, kids walk here');

    expect(await client.awaitAnswer(later!, Date.now() + 20_000)).toContain("I've added that to the description.");
    expect(await client.awaitAnswer(earlier, Date.now() + 20_000)).toContain('Streetlight out at 40 King St');
    const shown = client.received.map((a) => a.replyToId);
    expect(shown.indexOf(earlier)).toBeLessThan(shown.indexOf(later));
  }, 90_000);

  it('whose turn was saved before the crash but not shown: the saved answer is shown once, the message not applied again', async () => {
    const client = await DirectLineRestClient.start(first.baseUrl);
    expect(await say(client, 'the streetlight is out')).toContain('Where is it?');
    const id = await client.post('40 King St');
    expect(await client.awaitAnswer(id!, Date.now() + 20_000)).toContain('Streetlight out at 40 King St');
    // The process died after saving the turn and before its answer was stored: remove the shown answer.
    const { connection } = first.civicLine.database;
    const { seq } = (await first.civicLine.directLine.find(id!))!;
    await connection.collection<{ _id: string; conversationId: string; seq: number }>('directLineActivities').deleteMany({ conversationId: client.conversationId, seq: { $gt: seq } });
    await connection.collection<{ _id: string }>('directLineConversations').updateOne({ _id: client.conversationId }, { $set: { nextSeq: seq + 1 } });
    await owedByCrashedProcess(client.conversationId, id!);

    await waitFor(async () => count(await botTexts(second, client.conversationId), /Streetlight out at 40 King St/) === 1, 'the saved answer shown again', 20_000);
    await new Promise((r) => setTimeout(r, 4000));
    expect(count(await botTexts(second, client.conversationId), /Streetlight out at 40 King St/)).toBe(1);
    // Still at the read-back: the address was applied once.
    const filed = await say(client.via(second.baseUrl), 'yes');
    expect(filed).toMatch(/case number is \d{8}/);
  }, 90_000);
});

describe('a call whose turn was saved, then the database failed before the answer was ready', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers from the saved turn (the case number), never "say that again" for a report already filed', async () => {
    const started = await startWithTwilioStandIn('voiceCrashSafety', { OPENING_HOURS: 'Mon-Sun 00:00-24:00' });
    try {
      const caller = '+12895550812';
      const call = phoneCall(started.civicLine.app, caller);
      await call.start();
      const answers = ['pothole', '123 Main Street', 'a deep pothole in the right lane'];
      let heard = heardText(await call.press('1'));
      for (let turn = 0; turn < 6 && !/Here is your report/.test(heard); turn++) {
        heard = heardText(await call.say(/\byes\b/i.test(heard) || answers.length === 0 ? 'yes' : (answers.shift() as string)));
      }
      expect(heard).toMatch(/Here is your report/);
      // The "yes" turn opens the case and saves; storing the next question then meets a dropped connection.
      jest.spyOn(VoicePrompts.prototype, 'save').mockRejectedValueOnce(Object.assign(new Error('connection reset by peer'), { name: 'MongoNetworkError' }));

      const filed = heardText(await call.say('yes'));

      expect(filed).toMatch(/case number is/);
      expect(filed).not.toMatch(/say that again/i);
      expect(await started.civicLine.cases.listForReporter(caller)).toHaveLength(1);
    } finally {
      await stopWithTwilioStandIn(started);
    }
  }, 90_000);
});

/** Cases filed by this reporter in a stopped server's data (its embedded database started on the same files). */
async function casesIn(dataDir: string, reporter: string): Promise<{ number: string }[]> {
  const database = new EmbeddedDatabase({ binary: FERRETDB_BINARY, dataDir, port: await freePort() });
  const uri = await database.start();
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    return await connection.collection<{ number: string }>('cases').find({ 'reporters.address': reporter }).toArray();
  } finally {
    await connection.close();
    await database.stop();
  }
}

describe('a real server killed right after accepting', () => {
  it('a web chat message: answers it after the restart, exactly once', async () => {
    const dataDir = tempDir('webKill');
    const server = await ServerProcess.create(dataDir);
    try {
      await server.start();
      const client = await DirectLineRestClient.start(server.baseUrl);
      expect(await say(client, 'the streetlight is out')).toContain('Where is it?');

      const id = await client.post('40 King St');
      expect(id).toBeDefined();
      await server.stop('SIGKILL');
      await new Promise((r) => setTimeout(r, 1500)); // the orphaned database notices and exits
      await server.start();

      expect(await client.awaitAnswer(id!, Date.now() + 30_000)).toContain('Streetlight out at 40 King St');
      await new Promise((r) => setTimeout(r, 4000));
      await client.poll();
      expect(count(client.answersTo(id!).map((a) => a.text ?? ''), /Streetlight out at 40 King St/)).toBe(1);
      expect(await say(client, 'yes')).toMatch(/case number is \d{8}/);
      await server.stop('SIGTERM');
      expect(await casesIn(dataDir, client.userId)).toHaveLength(1);
    } finally {
      await server.stop('SIGTERM');
    }
  }, 150_000);

  it('a call: the webhook Twilio delivers again gets a consistent answer, and one case is filed', async () => {
    const dataDir = tempDir('voiceKill');
    const server = await ServerProcess.create(dataDir, { OPENING_HOURS: 'Mon-Sun 00:00-24:00' });
    const caller = '+12895550811';
    try {
      await server.start();
      const call = new SimulatedCall({ publicBaseUrl: server.baseUrl, authToken: TEST_AUTH_TOKEN, from: caller, to: CITY_NUMBER, transport: localTransport(server.baseUrl, server.baseUrl) });
      await call.start();
      const answers = ['pothole', '123 Main Street', 'a deep pothole in the right lane'];
      let heard = (await call.press('1')).heard.join(' ');
      // Confirmations (of the place) get a yes, questions the next answer, up to the read-back of the whole report.
      for (let turn = 0; turn < 6 && !/Here is your report/.test(heard); turn++) {
        heard = (await call.say(/\byes\b/i.test(heard) || answers.length === 0 ? 'yes' : (answers.shift() as string))).heard.join(' ');
      }
      expect(heard).toMatch(/Here is your report/);

      // "Yes" reaches the server, which is killed while (or right after) it handles it; Twilio delivers it again.
      const lost = call.say('yes').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 150));
      await server.stop('SIGKILL');
      await lost;
      await new Promise((r) => setTimeout(r, 1500));
      await server.start();
      const retried = await call.retry();
      const again = await call.retry();

      const number = /case number is ((?:\d[ ,]*){8})/.exec(retried.heard.join(' '))?.[1]?.replace(/\D/g, '');
      expect(number).toHaveLength(8);
      expect(wordsIn(parseTwiml(again.twiml))).toEqual(wordsIn(parseTwiml(retried.twiml)));
      await server.stop('SIGTERM');
      expect((await casesIn(dataDir, caller)).map((c) => c.number)).toEqual([number]);
    } finally {
      await server.stop('SIGTERM');
    }
  }, 150_000);
});
