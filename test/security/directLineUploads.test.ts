import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { PhotoUpload } from '../../photos/PhotoStore';
import { receivePhoto } from '../../photos/receivePhoto';
import { pngImage } from '../support/photos';
import { MultipartBody, sendRaw } from '../support/multipart';
import { generateToken, StartedConversation, WebServer } from '../support/webChatHarness';
import { waitFor } from '../support/waitFor';

const MB = 1024 * 1024;

/** A PNG's signature followed by `size` bytes of noise: an image by its first bytes, as large as wanted. */
function largePng(size: number): Buffer {
  return Buffer.concat([pngImage().subarray(0, 16), randomBytes(size - 16)]);
}

function uploadUrl(server: WebServer, session: StartedConversation): string {
  return `${server.domain}/conversations/${session.conversationId}/upload?userId=${session.userId}`;
}

function headers(session: StartedConversation, form: MultipartBody): Record<string, string> {
  return { Authorization: `Bearer ${session.token}`, 'Content-Type': form.contentType };
}

const message = (session: StartedConversation, text = 'a photo of the pothole') => ({ type: 'message', text, from: { id: session.userId } });

describe('Direct Line uploads (POST /v3/directline/conversations/{id}/upload)', () => {
  let server: WebServer;
  const stored = async () => {
    const db = server.civicLine.database.connection.db!;
    return { files: await db.collection('photos.files').countDocuments(), chunks: await db.collection('photos.chunks').countDocuments() };
  };
  const nothingStored = { files: 0, chunks: 0 };
  const stillAnswers = async () => expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);

  beforeAll(async () => {
    server = await WebServer.start('securityUploads', { DIRECTLINE_SECRET: 'u'.repeat(48), WEBCHAT_MAX_PHOTO_MB: '1', WEBCHAT_MAX_PHOTOS_PER_UPLOAD: '2' });
  });
  afterAll(() => server.stop());
  afterEach(async () => {
    const db = server.civicLine.database.connection.db!;
    await db.collection('photos.files').deleteMany({});
    await db.collection('photos.chunks').deleteMany({});
  });

  it.each([
    ['the first bytes of a photo', 'a.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['a few bytes of text', 'a.txt', 'text/plain', Buffer.from('hello')],
    ['nothing at all', 'a.png', 'image/png', Buffer.alloc(0)],
  ])('answers a small form that stops inside its file part (%s), all sent at once, with 400 and keeps running', async (_what, name, type, bytes) => {
    const session = await generateToken(server);
    const form = new MultipartBody().activity(message(session)).file(name, type, bytes);
    const answer = await sendRaw(uploadUrl(server, session), headers(session, form), form.truncated());
    expect(answer.status).toBe(400);
    await stillAnswers();
    expect(await stored()).toEqual(nothingStored);
  });

  it('answers a form cut off before its closing boundary with 400, keeps running, and keeps none of it', async () => {
    const session = await generateToken(server);
    const form = new MultipartBody().activity(message(session)).file('pothole.png', 'image/png', largePng(600 * 1024));
    const answer = await sendRaw(uploadUrl(server, session), headers(session, form), form.truncated());
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'BadArgument', message: expect.stringContaining('cut off') } });
    await stillAnswers();
    expect(await stored()).toEqual(nothingStored);
    // The same conversation still uploads normally.
    const whole = new MultipartBody().activity(message(session)).file('pothole.png', 'image/png', pngImage());
    expect((await sendRaw(uploadUrl(server, session), headers(session, whole), whole.complete())).status).toBe(200);
  });

  it('removes the partial photo of a client that drops the connection half-way', async () => {
    const session = await generateToken(server);
    const form = new MultipartBody().activity(message(session)).file('pothole.png', 'image/png', largePng(900 * 1024));
    const body = form.complete();
    // Past two GridFS chunks (255 kB each) before the connection drops.
    expect((await sendRaw(uploadUrl(server, session), headers(session, form), body, { abortAfter: 700 * 1024 })).status).toBe(0);
    await waitFor(async () => JSON.stringify(await stored()) === JSON.stringify(nothingStored), 'nothing left in GridFS', 10_000);
    await stillAnswers();
  });

  it('refuses an upload whose declared length is over the limit at once (413), before reading or storing anything', async () => {
    const session = await generateToken(server);
    const form = new MultipartBody().activity(message(session)).file('pothole.png', 'image/png', pngImage());
    const answer = await sendRaw(uploadUrl(server, session), headers(session, form), form.complete(), { declaredLength: 50 * MB });
    expect(answer.status).toBe(413);
    expect(await stored()).toEqual(nothingStored);
  });

  it('refuses a body sent with no length once it runs past the limit, and keeps none of it', async () => {
    const session = await generateToken(server);
    const form = new MultipartBody().activity(message(session)).file('a.png', 'image/png', largePng(900 * 1024)).file('b.png', 'image/png', largePng(900 * 1024));
    // Two files within their own limit, and a third part that makes the request longer than any upload may be.
    form.part('file', 'c.png', 'image/png', largePng(900 * 1024));
    const answer = await sendRaw(uploadUrl(server, session), headers(session, form), form.complete(), { chunked: true });
    expect(answer.status).toBe(413);
    await waitFor(async () => JSON.stringify(await stored()) === JSON.stringify(nothingStored), 'nothing left in GridFS', 10_000);
  });

  it('refuses a photo over the size limit (the bot says so) and removes what was written of it', async () => {
    const session = await generateToken(server);
    const form = new MultipartBody().activity(message(session)).file('big.png', 'image/png', largePng(1.5 * MB));
    const answer = await sendRaw(uploadUrl(server, session), headers(session, form), form.complete());
    expect(answer.status).toBe(200);
    expect(await stored()).toEqual(nothingStored);
  });

  it.each([
    ['HTML named as a JPEG', 'pothole.jpg', 'image/jpeg', Buffer.from('<html><script>alert(1)</script></html>'.repeat(20))],
    ['a PNG declared as a web page', 'pothole.png', 'text/html', pngImage()],
    ['an empty file', 'empty.png', 'image/png', Buffer.alloc(0)],
  ])('does not store %s', async (_what, name, type, bytes) => {
    const session = await generateToken(server);
    const form = new MultipartBody().activity(message(session)).file(name, type, bytes);
    expect((await sendRaw(uploadUrl(server, session), headers(session, form), form.complete())).status).toBe(200);
    expect(await stored()).toEqual(nothingStored);
  });

  it.each([
    ['an activity that is not an activity', (s: StartedConversation) => new MultipartBody().activity({ type: { $ne: null }, from: { id: s.userId } }).file('a.png', 'image/png', pngImage())],
    ['no activity part', () => new MultipartBody().file('a.png', 'image/png', pngImage())],
    ['the files before the activity', (s: StartedConversation) => new MultipartBody().file('a.png', 'image/png', pngImage()).activity(message(s))],
    ['more files than allowed', (s: StartedConversation) => new MultipartBody().activity(message(s)).file('a.png', 'image/png', pngImage()).file('b.png', 'image/png', pngImage()).file('c.png', 'image/png', pngImage())],
    ['two activities', (s: StartedConversation) => new MultipartBody().activity(message(s)).file('a.png', 'image/png', pngImage()).activity(message(s))],
  ])('answers 400 to %s and stores none of its photos', async (_what, build) => {
    const session = await generateToken(server);
    const form = build(session);
    const answer = await sendRaw(uploadUrl(server, session), headers(session, form), form.complete());
    expect(answer.status).toBe(400);
    await waitFor(async () => JSON.stringify(await stored()) === JSON.stringify(nothingStored), 'nothing left in GridFS', 5000);
    // Nothing reached the conversation either.
    const history = await fetch(`${server.domain}/conversations/${session.conversationId}/activities`, { headers: { Authorization: `Bearer ${session.token}` } });
    expect(((await history.json()) as { activities: unknown[] }).activities).toEqual([]);
  });

  it('answers a body that is not multipart at all with 400', async () => {
    const session = await generateToken(server);
    const answer = await fetch(uploadUrl(server, session), { method: 'POST', headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(400);
    await stillAnswers();
  });

  it('keeps a real photo, whole', async () => {
    const session = await generateToken(server);
    const photo = largePng(700 * 1024);
    const form = new MultipartBody().activity(message(session)).file('pothole.png', 'application/octet-stream', photo);
    expect((await sendRaw(uploadUrl(server, session), headers(session, form), form.complete())).status).toBe(200);
    const [file] = await server.civicLine.database.connection.db!.collection('photos.files').find().toArray();
    expect(file).toMatchObject({ length: photo.length, metadata: { contentType: 'image/png', owner: { conversationId: session.conversationId } } });
    expect((await server.civicLine.photos.read(String(file._id))).equals(photo)).toBe(true);
  });
});

describe('eight large uploads at once', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start('securityUploadsMemory', { DIRECTLINE_SECRET: 'm'.repeat(48), WEBCHAT_MAX_PHOTO_MB: '10' });
  });
  afterAll(() => server.stop());

  it('streams each photo to the store in pieces, so memory does not grow with the uploads', async () => {
    const store = server.civicLine.photos;
    const original = store.openUpload.bind(store);
    const largestWrite: number[] = [];
    const spy = jest.spyOn(store, 'openUpload').mockImplementation((id, photo) => {
      const upload = original(id, photo);
      const index = largestWrite.push(0) - 1;
      return {
        write: (bytes: Buffer) => ((largestWrite[index] = Math.max(largestWrite[index], bytes.length)), upload.write(bytes)),
        finish: () => upload.finish(),
        abort: () => upload.abort(),
      };
    });
    const sessions = await Promise.all(Array.from({ length: 8 }, () => generateToken(server)));
    const uploads = sessions.map((session) => {
      const form = new MultipartBody().activity(message(session)).file('pothole.png', 'image/png', largePng(8 * MB));
      return { session, form, body: form.complete() };
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - before)), 5);
    const answers = await Promise.all(uploads.map(({ session, form, body }) => sendRaw(uploadUrl(server, session), headers(session, form), body)));
    clearInterval(sampler);
    spy.mockRestore();

    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(await server.civicLine.database.connection.db!.collection('photos.files').countDocuments()).toBe(8);
    // Each photo reached the store in pieces of at most what the connection delivered at once.
    expect(largestWrite).toHaveLength(8);
    expect(Math.max(...largestWrite)).toBeLessThanOrEqual(256 * 1024);
    // Buffered whole, the 64 MB of photos (and their concatenated copies) would add well over 64 MB.
    expect(peak).toBeLessThan(48 * MB);
  }, 120_000);
});

describe('receivePhoto (one file of an upload)', () => {
  /** A store stand-in that records what it was given. */
  function recordingUpload() {
    const writes: number[] = [];
    let finished = false;
    let aborted = false;
    const upload: PhotoUpload = {
      write: async (bytes) => void writes.push(bytes.length),
      finish: async () => void (finished = true),
      abort: async () => void (aborted = true),
    };
    return { upload, writes, state: () => ({ finished, aborted }) };
  }
  const chunks = (bytes: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));

  it('hands the store the photo piece by piece as it arrives, never whole', async () => {
    const store = recordingUpload();
    const outcome = await receivePhoto(chunks(largePng(3 * MB), 64 * 1024), { declaredType: 'image/png', maxBytes: 5 * MB, open: () => store.upload });
    expect(outcome).toEqual({ contentType: 'image/png' });
    expect(Math.max(...store.writes)).toBeLessThanOrEqual(64 * 1024);
    expect(store.writes.reduce((a, b) => a + b, 0)).toBe(3 * MB);
    expect(store.state()).toEqual({ finished: true, aborted: false });
  });

  it('aborts the upload as soon as the photo runs over the limit, and reads the rest without keeping it', async () => {
    const store = recordingUpload();
    const source = chunks(largePng(3 * MB), 64 * 1024);
    const outcome = await receivePhoto(source, { declaredType: 'image/png', maxBytes: MB, open: () => store.upload });
    expect(outcome).toEqual({ refused: 'tooLarge' });
    expect(store.writes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MB);
    expect(store.state()).toEqual({ finished: false, aborted: true });
    expect(source.readableEnded).toBe(true);
  });

  it('aborts the upload when the source fails half-way, and passes the failure on', async () => {
    const store = recordingUpload();
    async function* cutOff() {
      yield largePng(128 * 1024);
      throw new Error('Unexpected end of form');
    }
    await expect(receivePhoto(Readable.from(cutOff()), { declaredType: 'image/png', maxBytes: MB, open: () => store.upload })).rejects.toThrow('Unexpected end');
    expect(store.state()).toEqual({ finished: false, aborted: true });
  });
});
