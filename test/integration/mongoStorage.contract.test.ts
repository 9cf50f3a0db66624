import { Activity, ActivityTypes, BotAdapter, ConversationState, StoreItem, TurnContext } from 'botbuilder';
import { DialogSet, DialogState, DialogTurnStatus, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import { Database } from '../../db/Database';
import { ETagConflictError, MongoStorage } from '../../storage/MongoStorage';
import { testDatabaseUri } from '../support/database';

/** The botbuilder Storage contract, as the SMS bot relies on it, against the real database. */
describe('MongoStorage honours the botbuilder Storage contract', () => {
  let database: Database;
  let storage: MongoStorage;

  beforeAll(async () => {
    database = await Database.connect(testDatabaseUri('mongoStorage'));
    storage = new MongoStorage(database.connection);
    await database.connection.models.botState.init();
  });
  afterAll(() => database.close());

  let counter = 0;
  const freshKey = (prefix = 'key') => `${prefix}-${++counter}-${Date.now()}`;

  it('read returns only the keys that exist, each with a non-empty string eTag', async () => {
    const a = freshKey();
    const b = freshKey();
    const missing = freshKey('missing');
    await storage.write({ [a]: { value: 'A' }, [b]: { value: 'B', eTag: '*' } });

    const items = await storage.read([a, missing, b]);

    expect(Object.keys(items).sort()).toEqual([a, b].sort());
    expect(items[missing]).toBeUndefined();
    expect(items[a]).toMatchObject({ value: 'A' });
    expect(items[b]).toMatchObject({ value: 'B' });
    for (const key of [a, b]) {
      expect(typeof items[key].eTag).toBe('string');
      expect(items[key].eTag.length).toBeGreaterThan(0);
    }
    expect(items[a].eTag).not.toEqual(items[b].eTag);
    expect(await storage.read([])).toEqual({});
    expect(await storage.read([freshKey('nothing')])).toEqual({});
  });

  it('a write with no eTag or with "*" always lands, even over an existing item', async () => {
    const key = freshKey();
    await storage.write({ [key]: { version: 1 } });
    const first = (await storage.read([key]))[key];

    await storage.write({ [key]: { version: 2 } });
    const second = (await storage.read([key]))[key];
    expect(second).toMatchObject({ version: 2 });
    expect(second.eTag).not.toEqual(first.eTag);

    await storage.write({ [key]: { version: 3, eTag: '*' } });
    const third = (await storage.read([key]))[key];
    expect(third).toMatchObject({ version: 3 });
    expect(third.eTag).not.toEqual(second.eTag);
  });

  it('a write with the eTag that was read lands and assigns a new eTag', async () => {
    const key = freshKey();
    await storage.write({ [key]: { step: 'askLocation' } });
    const read = (await storage.read([key]))[key];

    await storage.write({ [key]: { ...read, step: 'askDescription' } });

    const after = (await storage.read([key]))[key];
    expect(after).toMatchObject({ step: 'askDescription' });
    expect(after.eTag).not.toEqual(read.eTag);
    // The eTag is storage metadata, not part of the saved value under another name.
    expect(Object.keys(after).sort()).toEqual(['eTag', 'step']);
  });

  it('a write with a stale eTag is rejected with ETagConflictError and leaves the stored item unchanged', async () => {
    const key = freshKey();
    await storage.write({ [key]: { owner: 'nobody' } });
    const staleRead = (await storage.read([key]))[key];

    // Another process writes in between.
    await storage.write({ [key]: { ...staleRead, owner: 'process B' } });
    const current = (await storage.read([key]))[key];

    await expect(storage.write({ [key]: { ...staleRead, owner: 'process A' } })).rejects.toBeInstanceOf(ETagConflictError);

    const after = (await storage.read([key]))[key];
    expect(after).toEqual(current);
    expect(after).toMatchObject({ owner: 'process B' });
  });

  it('of several writes made from the same read, exactly one lands and the others are rejected (no lost update)', async () => {
    for (let round = 0; round < 3; round++) {
      const key = freshKey();
      await storage.write({ [key]: { photos: [] as string[] } });
      const read = (await storage.read([key]))[key];

      const writers = ['first', 'second', 'third', 'fourth', 'fifth'];
      const results = await Promise.allSettled(writers.map((w) => storage.write({ [key]: { ...read, photos: [w] } })));

      const landed = writers.filter((_, i) => results[i].status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(landed).toHaveLength(1);
      expect(rejected).toHaveLength(writers.length - 1);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(ETagConflictError);
      expect((await storage.read([key]))[key]).toMatchObject({ photos: landed });
    }
  });

  it('after a rejected write, re-reading and writing with the fresh eTag lands', async () => {
    const key = freshKey();
    await storage.write({ [key]: { n: 1 } });
    const stale = (await storage.read([key]))[key];
    await storage.write({ [key]: { ...stale, n: 2 } });
    await expect(storage.write({ [key]: { ...stale, n: 3 } })).rejects.toBeInstanceOf(ETagConflictError);

    const fresh = (await storage.read([key]))[key];
    await storage.write({ [key]: { ...fresh, n: 3 } });
    expect((await storage.read([key]))[key]).toMatchObject({ n: 3 });
  });

  it('deleting an unknown key and writing nothing do not throw; delete removes the item', async () => {
    await expect(storage.delete([freshKey('never-written')])).resolves.toBeUndefined();
    await expect(storage.delete([])).resolves.toBeUndefined();
    await expect(storage.write({})).resolves.toBeUndefined();

    const key = freshKey();
    await storage.write({ [key]: { value: 1 } });
    await storage.delete([key, freshKey('also-unknown')]);
    expect(await storage.read([key])).toEqual({});
  });

  it('keys with "/" and values whose keys contain "." or start with "$" round-trip unchanged', async () => {
    const key = `sms/conversations/+15555550100:+12895550001/${freshKey('ConversationState')}`;
    const value = {
      'menu.choice': 'report.pothole',
      $type: 'dialogState',
      nested: {
        $where: 'not an operator',
        'a.b.c': [{ $ref: 'x', 'x.y': 1 }, 'plain'],
        'https://example.test/path?x=1': true,
      },
      unicode: 'Rue Sainte-Catherine — nid-de-poule 🕳️',
      nothing: null,
      zero: 0,
    };

    await storage.write({ [key]: { ...value } });
    const read = await storage.read([key]);

    expect(Object.keys(read)).toEqual([key]);
    const { eTag, ...stored } = read[key];
    expect(eTag).toEqual(expect.any(String));
    expect(stored).toEqual(value);

    // And the matching-eTag path works for such keys too.
    await storage.write({ [key]: { ...read[key], zero: 1 } });
    expect((await storage.read([key]))[key]).toMatchObject({ zero: 1, 'menu.choice': 'report.pothole' });
  });
});

/** Replies are buffered on the context (expectReplies), exactly as the SMS adapter does; nothing is sent. */
class OfflineAdapter extends BotAdapter {
  async sendActivities(): Promise<never> {
    throw new Error('replies are buffered, never sent');
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(): Promise<void> {}
}

function incoming(text: string): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    channelId: 'sms',
    serviceUrl: 'https://civicline.example.test',
    from: { id: '+12895550042', name: '+12895550042' },
    recipient: { id: '+15555550100', name: '+15555550100' },
    conversation: { id: '+15555550100:+12895550042', isGroup: false, name: '', conversationType: 'personal' },
    text,
    deliveryMode: 'expectReplies',
  };
}

/** One server process: its own connection, storage, ConversationState and dialogs. */
class BotProcess {
  private constructor(
    readonly database: Database,
    readonly conversationState: ConversationState,
    private readonly dialogs: DialogSet,
  ) {}

  static async start(uri: string): Promise<BotProcess> {
    const database = await Database.connect(uri);
    const conversationState = new ConversationState(new MongoStorage(database.connection));
    const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    dialogs.add(new TextPrompt('text'));
    dialogs.add(
      new WaterfallDialog('report', [
        async (step) => step.prompt('text', { prompt: 'Where is it?' }),
        async (step) => {
          (step.values as Record<string, unknown>).location = step.result;
          return step.prompt('text', { prompt: 'Please describe it.' });
        },
        async (step) => {
          await step.context.sendActivity(`Report: ${(step.values as Record<string, unknown>).location} / ${step.result}`);
          return step.endDialog();
        },
      ]),
    );
    return new BotProcess(database, conversationState, dialogs);
  }

  /** One turn: load state, continue or begin the dialog, save state. Returns the reply texts. */
  async turn(text: string): Promise<string[]> {
    const context = new TurnContext(new OfflineAdapter(), incoming(text));
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('report');
    await this.conversationState.saveChanges(context);
    return context.bufferedReplyActivities.map((a) => a.text ?? '');
  }
}

describe('ConversationState on MongoStorage, shared by two server processes', () => {
  let uri: string;
  let first: BotProcess;
  let second: BotProcess;

  beforeAll(async () => {
    uri = testDatabaseUri('conversationState');
    first = await BotProcess.start(uri);
    second = await BotProcess.start(uri);
  });
  afterAll(async () => {
    await first.database.close();
    await second.database.close();
  });

  it('a dialog started by one process is continued by the other, with its nested step values', async () => {
    expect(await first.turn('pothole')).toEqual(['Where is it?']);
    expect(await second.turn('123 Main St')).toEqual(['Please describe it.']);
    expect(await first.turn('deep hole by the curb')).toEqual(['Report: 123 Main St / deep hole by the curb']);
    // The dialog ended: the next message starts over rather than resuming a half-finished stack.
    expect(await second.turn('another one')).toEqual(['Where is it?']);
  });

  it('persists nested state written through a property accessor, readable by a fresh instance', async () => {
    const drafts = first.conversationState.createProperty<StoreItem>('reportDraft');
    const draft = {
      submissionKey: 'sub-1',
      location: { text: '5 King St', kind: 'address' },
      photos: [{ url: 'https://api.twilio.com/Media/ME1', contentType: 'image/jpeg' }],
      answers: { 'step.1': 'pothole', $meta: { retries: 2 } },
    };
    const writing = new TurnContext(new OfflineAdapter(), incoming('x'));
    await drafts.set(writing, draft);
    await first.conversationState.saveChanges(writing);

    const reading = new TurnContext(new OfflineAdapter(), incoming('y'));
    const readBack = await second.conversationState.createProperty<StoreItem>('reportDraft').get(reading);
    expect(readBack).toEqual(draft);
  });
});
