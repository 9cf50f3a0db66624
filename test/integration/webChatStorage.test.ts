import type { Options } from 'express-rate-limit';
import { DirectLineConversations } from '../../channels/directline/DirectLineConversations';
import { directLineSecret } from '../../channels/directline/ServerSecret';
import { Database } from '../../db/Database';
import { DatabaseRateLimitStore } from '../../http/DatabaseRateLimitStore';
import { GridFsPhotoStore } from '../../photos/GridFsPhotoStore';
import { testDatabaseUri } from '../support/database';
import { pngImage } from '../support/photos';

/** What web chat keeps in the database, written by two connections at once as two server processes would. */
describe('web chat state in the database (FerretDB)', () => {
  let database: Database;
  let otherProcess: Database;
  beforeAll(async () => {
    const uri = testDatabaseUri('webChatStorage');
    database = await Database.connect(uri);
    otherProcess = await Database.connect(uri);
  });
  afterAll(async () => {
    await database.close();
    await otherProcess.close();
  });

  describe('DatabaseRateLimitStore', () => {
    // Mid-window, whatever the wall clock says: a slow run must not cross into the next window.
    const midWindow = () => 30_000 + 60_000 * 1_000_000;
    const store = (db: Database, limit = 1000) => {
      const s = new DatabaseRateLimitStore(db.connection, 'test:', midWindow);
      s.init({ windowMs: 60_000, limit } as Options);
      return s;
    };

    it('counts every one of many simultaneous hits from two processes exactly once (no lost update)', async () => {
      const [a, b] = [store(database), store(otherProcess)];
      const key = `burst-${Date.now()}`;
      const totals = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment(key)));
      expect(totals.map((t) => t.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect((await a.increment(key)).totalHits).toBe(41);
    });

    it('keeps keys apart, resets a key, and sweeps finished windows', async () => {
      const s = store(database);
      const key = `reset-${Date.now()}`;
      await s.increment(key);
      await s.increment(key);
      expect((await s.increment(`${key}-other`)).totalHits).toBe(1);
      await s.resetKey(key);
      expect((await s.increment(key)).totalHits).toBe(1);
      await s.sweep(new Date(Date.now() + 120_000));
      expect((await s.increment(key)).totalHits).toBe(1);
    });

    it('stops writing once a client is over its limit, and still refuses it', async () => {
      const s = store(database, 3);
      const key = `flood-${Date.now()}`;
      for (let i = 0; i < 4; i++) await s.increment(key);
      const hitDocs = () => database.connection.db!.collection('rateLimitHits').countDocuments({ _id: { $regex: `^test:${key}\\|` } as never });
      const before = await hitDocs();
      for (let i = 0; i < 5; i++) expect((await s.increment(key)).totalHits).toBeGreaterThan(3);
      expect(await hitDocs()).toBe(before);
    });
  });

  describe('DirectLineConversations', () => {
    it('numbers the activities of one conversation without repeats or gaps when two processes append at once', async () => {
      const mine = new DirectLineConversations(database.connection);
      const theirs = new DirectLineConversations(otherProcess.connection);
      const id = `conv-${Date.now()}`;
      await mine.create(id, 'dl_user');
      const appended = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? mine : theirs).append(id, { type: 'message', text: `m${i}` })));
      expect(appended.map((a) => a.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));

      const firstPage = await theirs.activitiesAfter(id, 0, 20);
      expect(firstPage.activities).toHaveLength(20);
      expect(firstPage.watermark).toBe(20);
      const rest = await mine.activitiesAfter(id, firstPage.watermark);
      expect(rest.activities.map((a) => a.id)).toEqual(Array.from({ length: 10 }, (_, i) => `${id}|${String(21 + i).padStart(7, '0')}`));
      expect(new Set([...firstPage.activities, ...rest.activities].map((a) => a.text)).size).toBe(30);
      expect(await mine.activitiesAfter(id, 30)).toEqual({ activities: [], watermark: 30 });
    });

    it('appends a bot message outside any turn (proactive notifications), addressed to the conversation\'s user', async () => {
      const conversations = new DirectLineConversations(database.connection);
      const id = `conv-proactive-${Date.now()}`;
      await conversations.create(id, 'dl_resident');
      const activityId = await conversations.appendBotActivity(id, { type: 'message', text: 'Case 12345678 is scheduled.', replyToId: 'x' });
      const [stored] = (await conversations.activitiesAfter(id, 0)).activities;
      expect(stored).toMatchObject({ id: activityId, text: 'Case 12345678 is scheduled.', from: { role: 'bot' }, recipient: { id: 'dl_resident' } });
      expect(stored.replyToId).toBeUndefined();
    });
  });

  describe('the Direct Line secret', () => {
    it('is drawn once and shared: two processes starting together get the same one', async () => {
      const [a, b] = await Promise.all([directLineSecret(database.connection, undefined), directLineSecret(otherProcess.connection, undefined)]);
      expect(a).toBe(b);
      expect(Buffer.from(a, 'base64url').length).toBe(32);
      expect(await directLineSecret(database.connection, undefined)).toBe(a);
    });

    it('is the configured one when the operator sets DIRECTLINE_SECRET', async () => {
      expect(await directLineSecret(database.connection, 'z'.repeat(40))).toBe('z'.repeat(40));
    });
  });

  describe('GridFsPhotoStore', () => {
    it('keeps a photo byte for byte with its owner, and a second save of the same id keeps the first', async () => {
      const photos = new GridFsPhotoStore(database.connection);
      const elsewhere = new GridFsPhotoStore(otherProcess.connection);
      const id = `photo-${Date.now()}`;
      const bytes = pngImage(300, 200, true);
      const owner = { channel: 'webchat', address: 'dl_a', conversationId: 'c1' };
      await Promise.all([photos.save(id, bytes, { contentType: 'image/png', owner }), elsewhere.save(id, bytes, { contentType: 'image/png', owner })]);
      await photos.save(id, pngImage(2, 2), { contentType: 'image/png', owner: { channel: 'sms', address: '+1' } });
      expect(await elsewhere.find(id)).toMatchObject({ id, contentType: 'image/png', length: bytes.length, owner });
      expect((await elsewhere.read(id)).equals(bytes)).toBe(true);
      expect(await photos.find('no-such-photo')).toBeUndefined();
    });
  });
});
