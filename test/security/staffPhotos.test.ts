import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { pngImage } from '../support/photos';

/**
 * GET /staff/photos/:id: a staff token, or a signed link that expires. Attacked with expired, tampered and
 * borrowed links, operators and arrays in the id and the query.
 */
const AGENT_TOKEN = 'ann-agent-token-0123456789';
const LINK_MINUTES = 30;
const PHOTO = 'wphotoOfAPothole01';
const OTHER = 'wphotoOfSomethingElse02';

describe('staff photo links', () => {
  const clock = { now: new Date('2027-01-04T15:00:00Z') };
  const databaseUri = testDatabaseUri('securityStaffPhotos');
  const env = { STAFF_API_TOKENS: `agent:ann:${AGENT_TOKEN}`, STAFF_PHOTO_LINK_MINUTES: String(LINK_MINUTES) };
  let civicLine: CivicLine;
  const image = pngImage();
  beforeAll(async () => {
    civicLine = await startCivicLine('securityStaffPhotos', env, databaseUri, { clock: () => clock.now });
    for (const id of [PHOTO, OTHER]) await civicLine.photos.save(id, image, { contentType: 'image/png', owner: { channel: 'webchat', address: 'w-user' } });
  });
  afterAll(() => civicLine.close());

  /** The path and query of a link (links name the public base URL; the test talks to the app directly). */
  const pathOf = (link: string) => {
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
  };
  const get = (path: string) => request(civicLine.app).get(path);

  it('opens the photo with a valid link, without a token, until it expires', async () => {
    const link = await civicLine.staffPhotoLinks.link(PHOTO);
    expect(link).toMatch(new RegExp(`^https://civicline\\.example\\.test/staff/photos/${PHOTO}\\?expires=\\d+&sig=[A-Za-z0-9_-]{43}$`));
    const opened = await get(pathOf(link));
    expect(opened.status).toBe(200);
    expect(opened.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(opened.body as Buffer, image)).toBe(0);

    clock.now = new Date(clock.now.getTime() + (LINK_MINUTES - 1) * 60_000);
    expect((await get(pathOf(link))).status).toBe(200);
    clock.now = new Date(clock.now.getTime() + 61_000);
    const expired = await get(pathOf(link));
    expect(expired.status).toBe(403);
    expect(expired.body.error).toMatch(/expired/);
    // A staff token still opens it.
    expect((await get(`/staff/photos/${PHOTO}`).set('Authorization', `Bearer ${AGENT_TOKEN}`)).status).toBe(200);
  });

  it('refuses a tampered link: a later expiry, a changed signature, a signature without its expiry', async () => {
    const url = new URL(await civicLine.staffPhotoLinks.link(PHOTO));
    const expires = Number(url.searchParams.get('expires'));
    const sig = url.searchParams.get('sig') as string;
    const later = await get(`/staff/photos/${PHOTO}?expires=${expires + 365 * 86_400}&sig=${sig}`);
    expect(later.status).toBe(403);
    expect(later.body.error).toMatch(/not valid/);
    const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    expect((await get(`/staff/photos/${PHOTO}?expires=${expires}&sig=${flipped}`)).status).toBe(403);
    expect((await get(`/staff/photos/${PHOTO}?sig=${sig}`)).status).toBe(400);
    expect((await get(`/staff/photos/${PHOTO}?expires=${expires}`)).status).toBe(400);
  });

  it('refuses another photo’s signature', async () => {
    const other = new URL(await civicLine.staffPhotoLinks.link(OTHER));
    expect((await get(pathOf(other.href))).status).toBe(200);
    const borrowed = await get(`/staff/photos/${PHOTO}${other.search}`);
    expect(borrowed.status).toBe(403);
    expect(borrowed.body.error).toMatch(/not valid/);
  });

  it('refuses no credentials (401) and a wrong token even with a valid link (401)', async () => {
    expect((await get(`/staff/photos/${PHOTO}`)).status).toBe(401);
    const link = pathOf(await civicLine.staffPhotoLinks.link(PHOTO));
    expect((await get(link).set('Authorization', 'Bearer not-a-staff-token-0000')).status).toBe(401);
  });

  it('refuses operators and arrays in the id and the query (400 naming the field)', async () => {
    const { searchParams } = new URL(await civicLine.staffPhotoLinks.link(PHOTO));
    const [expires, sig] = [searchParams.get('expires'), searchParams.get('sig')];
    const id = await get(`/staff/photos/${encodeURIComponent('{"$ne":null}')}`).set('Authorization', `Bearer ${AGENT_TOKEN}`);
    expect(id.status).toBe(400);
    expect(id.body.fields).toEqual(['params.photoId']);
    const twoSigs = await get(`/staff/photos/${PHOTO}?expires=${expires}&sig=${sig}&sig=${sig}`);
    expect(twoSigs.status).toBe(400);
    expect(twoSigs.body.fields).toContain('query.sig');
    const twoExpiries = await get(`/staff/photos/${PHOTO}?expires=${expires}&expires=${expires}&sig=${sig}`);
    expect(twoExpiries.body.fields).toContain('query.expires');
    expect((await get(`/staff/photos/${PHOTO}?expires[$gt]=0&sig[$ne]=x`)).status).toBe(401);
    expect((await get(`/staff/photos/${PHOTO}?expires=-1&sig=${sig}`)).status).toBe(400);
  });

  it('keeps links valid across processes: the signing secret lives in the database', async () => {
    const link = pathOf(await civicLine.staffPhotoLinks.link(PHOTO));
    const another = await startCivicLine('securityStaffPhotos', env, databaseUri, { clock: () => clock.now });
    try {
      expect((await request(another.app).get(link)).status).toBe(200);
    } finally {
      await another.close();
    }
  });
});
