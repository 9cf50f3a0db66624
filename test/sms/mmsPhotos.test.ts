import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { twilioMediaFetcher } from '../../photos/twilioMedia';
import { PhotoUrls } from '../../photos/photoUrls';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { pngImage } from '../support/photos';
import { PUBLIC_BASE_URL, TEST_AUTH_TOKEN } from '../support/testConfig';

const STAFF_TOKEN = 'agent-token-0123456789abcdef';
const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2);

/** MMS photos live at Twilio only until its retention removes them: CivicLine copies each into its own store. */
describe('photos texted by MMS', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    const apiBaseUrl = await twilioApi.start();
    civicLine = await startCivicLine('mmsPhotos', { TWILIO_API_BASE_URL: apiBaseUrl, STAFF_API_TOKENS: `agent:ann:${STAFF_TOKEN}` }, undefined, {
      photoCopyIntervalMs: 100,
      photoCopyRetryMs: 100,
    });
  });
  afterAll(async () => {
    await civicLine.close();
    await twilioApi.stop();
  });

  const staffGet = (caseUrl: string, token?: string) => {
    const req = request(civicLine.app).get(caseUrl.replace(PUBLIC_BASE_URL, ''));
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  async function fileWithPhoto(resident: TextingResident, mediaUrl: string): Promise<string> {
    expect(await resident.say('pothole at 9 Mill St, my front tire went right in', [{ url: mediaUrl, contentType: 'image/png' }])).toContain('1 photo.');
    const number = /case number is (\d{8})/.exec(await resident.say('yes'))![1];
    const stored = await civicLine.cases.findByNumber(number);
    expect(stored!.photos).toHaveLength(1);
    return stored!.photos[0].url;
  }

  async function copied(caseUrl: string): Promise<Buffer> {
    const id = new PhotoUrls(PUBLIC_BASE_URL).idOf(caseUrl)!;
    const deadline = Date.now() + 10_000;
    while (!(await civicLine.photos.find(id))) {
      if (Date.now() > deadline) throw new Error(`Photo ${id} was never copied`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return civicLine.photos.read(id);
  }

  it('copies the photo with the account credentials after the webhook has answered, and staff see it once Twilio has deleted it', async () => {
    const photo = pngImage(20, 10);
    const mediaUrl = twilioApi.addMedia(ACCOUNT_SID, photo);
    const release = twilioApi.holdMedia(); // Twilio is slow today
    const resident = new TextingResident(civicLine, '+12895552001');
    // The resident is answered, and files the case, while the download is still waiting.
    const caseUrl = await fileWithPhoto(resident, mediaUrl);
    expect(await civicLine.photos.find(new PhotoUrls(PUBLIC_BASE_URL).idOf(caseUrl)!)).toBeUndefined();
    release();

    expect(caseUrl).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/staff/photos/`));
    expect((await copied(caseUrl)).equals(photo)).toBe(true);
    expect(twilioApi.mediaAuthorizations.at(-1)).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${TEST_AUTH_TOKEN}`).toString('base64')}`);

    twilioApi.media.clear(); // Twilio's retention has run
    const forStaff = await staffGet(caseUrl, STAFF_TOKEN);
    expect(forStaff.status).toBe(200);
    expect(forStaff.headers['content-type']).toBe('image/png');
    expect(Buffer.from(forStaff.body as Buffer).equals(photo)).toBe(true);
    expect((await staffGet(caseUrl)).status).toBe(401);
    expect((await staffGet(caseUrl, 'not-a-staff-token-at-all')).status).toBe(401);
  });

  it('keeps retrying a copy that fails, and meanwhile serves staff the photo from Twilio', async () => {
    const photo = pngImage(12, 12);
    const mediaUrl = twilioApi.addMedia(ACCOUNT_SID, photo);
    twilioApi.mediaFailures = 1_000;
    const before = twilioApi.mediaAuthorizations.length;
    const resident = new TextingResident(civicLine, '+12895552002');
    const caseUrl = await fileWithPhoto(resident, mediaUrl);
    const id = new PhotoUrls(PUBLIC_BASE_URL).idOf(caseUrl)!;

    // Several attempts fail; the Twilio URL is kept for the next one.
    const deadline = Date.now() + 10_000;
    while (twilioApi.mediaAuthorizations.length < before + 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(twilioApi.mediaAuthorizations.length).toBeGreaterThanOrEqual(before + 3);
    expect(await civicLine.photos.find(id)).toBeUndefined();
    expect(await civicLine.mmsPhotos.pendingSource(id)).toEqual({ source: mediaUrl, contentType: 'image/png' });

    twilioApi.mediaFailures = 0;
    const meanwhile = await staffGet(caseUrl, STAFF_TOKEN);
    expect(Buffer.from(meanwhile.body as Buffer).equals(photo)).toBe(true);

    expect((await copied(caseUrl)).equals(photo)).toBe(true);
    expect(await civicLine.mmsPhotos.pendingSource(id)).toBeUndefined();
  });

  it('files the same photo once when Twilio delivers the same MMS twice', async () => {
    const mediaUrl = twilioApi.addMedia(ACCOUNT_SID, pngImage(6, 6));
    const resident = new TextingResident(civicLine, '+12895552003');
    const first = await resident.send('graffiti all over the wall behind the arena on Victoria St', [{ url: mediaUrl, contentType: 'image/png' }], 'MM' + 'a1'.repeat(16));
    const again = await resident.send('graffiti all over the wall behind the arena on Victoria St', [{ url: mediaUrl, contentType: 'image/png' }], 'MM' + 'a1'.repeat(16));
    expect(again.twiml).toBe(first.twiml);
    expect(first.replies.join()).toContain('1 photo.');
  });
});

describe('recording MMS photos at the webhook', () => {
  it('gives a retried delivery (a failed first attempt) the same photo ids, without a second copy job', async () => {
    const civicLine = await startCivicLine('mmsIntake');
    try {
      const attachments = [
        { contentType: 'image/jpeg', contentUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1' },
        { contentType: 'text/vcard', contentUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2' },
      ];
      const first = await civicLine.mmsPhotos.intake('MM' + 'b2'.repeat(16), '+12895552004', attachments);
      const again = await civicLine.mmsPhotos.intake('MM' + 'b2'.repeat(16), '+12895552004', attachments);
      expect(again).toEqual(first);
      expect(first[0].contentUrl).toBe(`${PUBLIC_BASE_URL}/staff/photos/MM${'b2'.repeat(16)}-0`);
      // Only photos and videos are copied; a contact card keeps its Twilio URL.
      expect(first[1]).toEqual(attachments[1]);
      expect(await civicLine.mmsPhotos.pendingSource(`MM${'b2'.repeat(16)}-0`)).toEqual({ source: attachments[0].contentUrl, contentType: 'image/jpeg' });
    } finally {
      await civicLine.close();
    }
  });
});

describe('the Twilio media download', () => {
  it('never sends the account credentials to a host other than Twilio', async () => {
    const fetcher = twilioMediaFetcher({ accountSid: ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
    await expect(fetcher('https://attacker.example/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1')).rejects.toThrow('Not a Twilio media URL');
  });
});
