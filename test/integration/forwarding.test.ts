import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { NewReport } from '../../cases/CaseService';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { bodiesFileFor, Open311StandIn } from '../support/open311StandIn';
import { pngImage } from '../support/photos';
import { potholeReport } from '../support/reports';
import { waitFor } from '../support/waitFor';

/**
 * A case on a regional road goes to the Region's Open311 endpoint (a local stand-in) once, through failures and a
 * restart; the resident keeps the town's case number, is told who handles it, and hears when the Region closes it.
 * A case in the town's own queue texts the crew lead once, with a photo link that opens.
 */
const CREW_LEAD = '+19055550150';
const BYLAW_LEAD = '+19055550151';
const SECRET = 'mto-webhook-secret-0123456789';

describe('routing cases to other bodies and crews', () => {
  const standIn = new Open311StandIn();
  const twilioApi = new FakeTwilioApi();
  const databaseUri = testDatabaseUri('forwarding');
  let env: Record<string, string>;
  let civicLine: CivicLine;

  const start = () => startCivicLine('forwarding', env, databaseUri);
  const textsTo = (phone: string) => twilioApi.messages.filter((m) => m.to === phone).map((m) => m.body);
  const onRidgeline = (phone: string): NewReport => ({ ...potholeReport(phone), location: { text: '2400 Ridgeline Rd', kind: 'address', street: 'Ridgeline Rd', number: '2400', known: true } });

  beforeAll(async () => {
    const base = await standIn.start();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bodies-'));
    writeFileSync(path.join(dir, 'bodies.json'), JSON.stringify(bodiesFileFor(base)));
    env = {
      TWILIO_API_BASE_URL: await twilioApi.start(),
      BODIES_FILE: path.join(dir, 'bodies.json'),
      BODY_REGION_ROADS_API_KEY: standIn.apiKey,
      BODY_MTO_WEBHOOK_SECRET: SECRET,
      FORWARDING_POLL_SECONDS: '0',
      CREW_CONTACTS: `roads:${CREW_LEAD},bylaw:${BYLAW_LEAD}`,
    };
    civicLine = await start();
  });
  afterAll(async () => {
    await civicLine.close();
    await standIn.stop();
    await twilioApi.stop();
  });

  it('forwards a pothole on a regional road once, though the Region fails first; the reporter is told who handles it, then that it is closed', async () => {
    standIn.failures = 1;
    const resident = new TextingResident(civicLine, '+12895550301');
    expect(await resident.say('big pothole in front of 2400 Ridgeline Rd, wrecked my tire')).toContain('Reply YES');
    const done = await resident.say('yes');
    const number = /case number is (\d{8})/.exec(done)?.[1] as string;
    expect(number).toMatch(/^\d{8}$/);
    // Told at once who handles it, not that the town's road crew will.
    expect(done).toContain('looked after by Region of Elmhurst Roads (905-555-0160)');
    expect(done).not.toContain('road crew');

    await waitFor(async () => (await civicLine.cases.findByNumber(number))?.forwarding?.state === 'sent', 'forward recorded as sent');
    expect(standIn.attempts).toBe(2);
    expect(standIn.requests).toHaveLength(1);
    const [sent] = standIn.requests;
    expect(sent.form).toMatchObject({ service_code: 'RD-POTHOLE', address_string: '2400 Ridgeline Rd', api_key: standIn.apiKey });
    expect(Number(sent.form.lat)).toBeCloseTo(43.925, 2);
    expect(sent.form.description).toContain(number);
    expect(sent.idempotencyKey).toBe(`forward:${number}`);
    // The Region never learns who reported it.
    expect(JSON.stringify(sent.form)).not.toContain('2895550301');

    const forwarded = await civicLine.cases.findByNumber(number);
    expect(forwarded).toMatchObject({ status: 'referred', forwarding: { body: 'region-roads', state: 'sent', externalId: 'REG-1001' } });
    expect(forwarded!.audit).toEqual(expect.arrayContaining([expect.objectContaining({ by: 'system', action: 'forward', details: { body: 'region-roads' } })]));

    await waitFor(() => textsTo(resident.phone).some((t) => t.includes('Region of Elmhurst Roads')), 'reporter told who handles it');
    const told = textsTo(resident.phone).find((t) => t.includes('Region of Elmhurst Roads')) as string;
    expect(told).toContain(number);
    expect(told).toContain('905-555-0160');
    // The town's crew is not sent out to the Region's road.
    expect(textsTo(CREW_LEAD).some((t) => t.includes(number))).toBe(false);

    standIn.statuses.set('REG-1001', { status: 'closed', notes: 'Pothole filled' });
    await civicLine.forwarding.poller.runOnce();
    await civicLine.forwarding.poller.runOnce();
    await waitFor(() => textsTo(resident.phone).some((t) => t.includes('has closed it')), 'reporter told the Region closed it');
    const closed = await civicLine.cases.findByNumber(number);
    expect(closed).toMatchObject({ status: 'closed', closureReason: 'referred', forwarding: { lastStatus: 'closed' } });
    expect(closed!.audit).toEqual(expect.arrayContaining([expect.objectContaining({ by: 'body:region-roads', action: 'forward-update' })]));
    await new Promise((r) => setTimeout(r, 1500));
    expect(textsTo(resident.phone).filter((t) => t.includes('has closed it'))).toHaveLength(1);
    expect(textsTo(resident.phone).filter((t) => t.includes('Region of Elmhurst Roads') && !t.includes('has closed it'))).toHaveLength(1);
  });

  it('sends a forward once across a server restart and a retried submission', async () => {
    standIn.failures = 1_000;
    const report = onRidgeline('+12895550302');
    const opened = await civicLine.cases.open(report);
    expect(opened.status).toBe('referred');
    await waitFor(() => standIn.attempts > 0 && standIn.failures < 1_000, 'a failed attempt');
    const before = standIn.requests.length;
    await civicLine.close();
    standIn.failures = 0;
    civicLine = await start();
    // The resident's retried submission routes the same case again: still one forward.
    expect((await civicLine.cases.open(report)).number).toBe(opened.number);
    await waitFor(async () => (await civicLine.cases.findByNumber(opened.number))?.forwarding?.state === 'sent', 'forward sent after the restart', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(standIn.requests.filter((r) => r.form.description.includes(opened.number))).toHaveLength(standIn.requests.length - before);
    expect(standIn.requests.length - before).toBe(1);
  });

  it('finishes forwards a crash left half-done: sent but not recorded, or marked but never queued', async () => {
    const cases = civicLine.database.connection.collection('cases');
    const sentUnrecorded = await civicLine.cases.open(onRidgeline('+12895550306'));
    await waitFor(async () => (await civicLine.cases.findByNumber(sentUnrecorded.number))?.forwarding?.state === 'sent', 'forward sent');
    const externalId = (await civicLine.cases.findByNumber(sentUnrecorded.number))!.forwarding!.externalId;
    // As if the process died after the Region answered, before the case recorded it.
    await cases.updateOne({ _id: sentUnrecorded.number as never }, { $set: { forwarding: { body: 'region-roads', state: 'pending' } } });
    // As if it died after marking a case forwarded, before queueing the forward.
    const neverQueued = await civicLine.cases.open(potholeReport('+12895550307'));
    await cases.updateOne({ _id: neverQueued.number as never }, { $set: { forwarding: { body: 'region-roads', state: 'pending' }, status: 'referred' } });
    const before = standIn.requests.length;

    await civicLine.forwarding.poller.runOnce();
    expect(await civicLine.cases.findByNumber(sentUnrecorded.number)).toMatchObject({ forwarding: { state: 'sent', externalId } });
    await waitFor(async () => (await civicLine.cases.findByNumber(neverQueued.number))?.forwarding?.state === 'sent', 'queued and sent by the poller');
    await civicLine.forwarding.poller.runOnce();
    expect(standIn.requests.length - before).toBe(1);
    expect(standIn.requests.at(-1)!.form.description).toContain(neverQueued.number);
  });

  it('follows a request the Region first answered with a token', async () => {
    standIn.answerWithTokens = true;
    const opened = await civicLine.cases.open(onRidgeline('+12895550310'));
    await waitFor(async () => (await civicLine.cases.findByNumber(opened.number))?.forwarding?.externalId?.startsWith('token:') === true, 'token recorded');
    standIn.answerWithTokens = false;
    const token = (await civicLine.cases.findByNumber(opened.number))!.forwarding!.externalId!;
    const id = token.replace(/^token:TOK-/, '');
    await civicLine.forwarding.poller.runOnce();
    expect((await civicLine.cases.findByNumber(opened.number))!.forwarding!.externalId).toBe(id);
    standIn.statuses.set(id, { status: 'closed' });
    await civicLine.forwarding.poller.runOnce();
    expect(await civicLine.cases.findByNumber(opened.number)).toMatchObject({ status: 'closed', closureReason: 'referred' });
  });

  it('sends a case on the provincial highway to the Ministry as a signed webhook', async () => {
    const opened = await civicLine.cases.open({ ...potholeReport('+12895550303'), location: { text: '1200 Simcoe Hwy', kind: 'address', street: 'Simcoe Hwy', number: '1200', known: true } });
    await waitFor(() => standIn.webhooks.some((w) => w.raw.includes(opened.number)), 'webhook received');
    const hook = standIn.webhooks.find((w) => w.raw.includes(opened.number))!;
    const { bodySignature } = await import('../../forwarding/bodySignature');
    expect(hook.headers['x-civicline-signature']).toBe(bodySignature(SECRET, hook.headers['x-civicline-timestamp'] as string, hook.raw));
    expect(JSON.parse(hook.raw)).toMatchObject({ id: `forward:${opened.number}`, caseNumber: opened.number, category: 'pothole', address: '1200 Simcoe Hwy' });
    await waitFor(async () => (await civicLine.cases.findByNumber(opened.number))?.forwarding?.externalId === 'MTO-' + standIn.webhooks.length, 'reference recorded');
  });

  it("texts the crew lead once when a case lands in the queue, with a photo link that opens for staff", async () => {
    const image = pngImage();
    await civicLine.photos.save('wphotoForCrew01', image, { contentType: 'image/png', owner: { channel: 'webchat', address: 'w-crew' } });
    const report: NewReport = {
      ...potholeReport('+12895550304'),
      description: 'pothole by the bus stop, about a foot wide',
      photos: [{ url: 'https://civicline.example.test/staff/photos/wphotoForCrew01', contentType: 'image/png' }],
    };
    const opened = await civicLine.cases.open(report);
    await civicLine.cases.open(report); // a retried submission
    await civicLine.forwarding.crew.caseLanded(opened); // landing again (say, moved back) tells nobody twice
    // Well within the minute the crew is promised.
    await waitFor(() => textsTo(CREW_LEAD).some((t) => t.includes(opened.number)), 'crew lead texted', 5000);
    await new Promise((r) => setTimeout(r, 1000));
    const texts = textsTo(CREW_LEAD).filter((t) => t.includes(opened.number));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Pothole');
    expect(texts[0]).toContain('123 Main St');
    expect(texts[0]).toContain('about a foot wide');
    const link = /https:\/\/civicline\.example\.test(\/staff\/photos\/\S+)/.exec(texts[0])?.[1] as string;
    expect(link).toMatch(/expires=\d+&sig=/);
    const photo = await request(civicLine.app).get(link);
    expect(photo.status).toBe(200);
    expect(Buffer.compare(photo.body as Buffer, image)).toBe(0);
    // Without its signature the link is refused.
    expect((await request(civicLine.app).get(link.split('?')[0])).status).toBe(401);
  });

  it('routes a case again when staff change its category: the new queue\'s lead is told, or the body that owns it now', async () => {
    const cases = civicLine.database.connection.collection('cases');
    const noise = await civicLine.cases.open({ ...onRidgeline('+12895550308'), category: 'noise', description: 'trucks idling all night' });
    expect(noise.status).toBe('received'); // noise on the regional road is the town's by-law officers' work
    await waitFor(() => textsTo(BYLAW_LEAD).some((t) => t.includes(noise.number)), 'by-law lead texted', 5000);
    // What the staff API's category change does (another part): the category and queue change, then the case is routed.
    await cases.updateOne({ _id: noise.number as never }, { $set: { category: 'pothole', queue: 'roads' } });
    const moved = await civicLine.forwarding.router.route((await civicLine.cases.findByNumber(noise.number))!);
    expect(moved.forwarding).toMatchObject({ body: 'region-roads' });
    await waitFor(() => standIn.requests.some((r) => r.form.description.includes(noise.number)), 'forwarded to the Region');

    const graffiti = await civicLine.cases.open({ ...potholeReport('+12895550309'), category: 'graffiti', description: 'tags on the bus shelter' });
    await cases.updateOne({ _id: graffiti.number as never }, { $set: { category: 'pothole', queue: 'roads' } });
    await civicLine.forwarding.router.route((await civicLine.cases.findByNumber(graffiti.number))!);
    await waitFor(() => textsTo(CREW_LEAD).some((t) => t.includes(graffiti.number)), 'roads lead texted', 5000);
    expect(textsTo(BYLAW_LEAD).filter((t) => t.includes(graffiti.number))).toHaveLength(1);
  });

  it('answers a question about a hydro bill with the utility and how to reach it', async () => {
    const resident = new TextingResident(civicLine, '+12895550305');
    const answer = await resident.say('how do I pay my hydro bill?');
    expect(answer).toContain('Elmhurst Hydro');
    expect(answer).toContain('905-555-0199');
    // The billing answer, not the outage one (which names the same utility).
    expect(answer).toContain('electricity bill');
  });

  it.each([
    ['en', 'how do I renew my health card', 'ServiceOntario at 905-555-0180', '+12895550311'],
    ['en', 'who plows highway 48', 'Ontario Ministry of Transportation (905-555-0170)', '+12895550312'],
    ['fr', "comment je paye ma facture d'hydro", 'Elmhurst Hydro au 905-555-0199', '+12895550313'],
    ['fr', 'ma carte sante est expiree', 'ServiceOntario au 905-555-0180', '+12895550314'],
  ])('answers (%s) "%s" with the body that does it', async (_locale, question, body, phone) => {
    const resident = new TextingResident(civicLine, phone);
    expect(await resident.say(question)).toContain(body);
  });
});
