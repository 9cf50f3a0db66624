import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { NewReport } from '../../cases/CaseService';
import { bodySignature } from '../../forwarding/bodySignature';
import { startCivicLine } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { bodiesFileFor, Open311StandIn } from '../support/open311StandIn';
import { potholeReport } from '../support/reports';
import { waitFor } from '../support/waitFor';

/**
 * POST /api/bodies/:bodyId/updates: another body tells us what became of a case forwarded to it. Attacked without
 * a signature, with a wrong one or another body's, replayed, stale, with operators and wrong types in every field,
 * truncated, oversized and flooded.
 */
const REGION_SECRET = 'region-updates-secret-0123456789';
const MTO_SECRET = 'mto-webhook-secret-0123456789';

describe('body updates webhook', () => {
  const standIn = new Open311StandIn();
  const twilioApi = new FakeTwilioApi();
  let civicLine: CivicLine;
  let regionCase: string;
  let mtoCase: string;
  let townCase: string;
  const reporter = '+12895550401';

  const onStreet = (phone: string, street: string, number: string): NewReport => ({
    ...potholeReport(phone),
    location: { text: `${number} ${street}`, kind: 'address', street, number, known: true },
  });
  const post = (bodyId: string, raw: string, headers: Record<string, string> = {}) =>
    request(civicLine.app).post(`/api/bodies/${bodyId}/updates`).set('content-type', 'application/json').set(headers).send(raw);
  const signed = (secret: string, raw: string, at = Date.now()) => {
    const timestamp = String(Math.floor(at / 1000));
    return { 'x-civicline-timestamp': timestamp, 'x-civicline-signature': bodySignature(secret, timestamp, raw) };
  };
  const update = (fields: Record<string, unknown>) => JSON.stringify({ id: `u-${Math.random().toString(36).slice(2)}`, status: 'closed', ...fields });
  const statusOf = async (number: string) => (await civicLine.cases.findByNumber(number))?.status;

  beforeAll(async () => {
    const base = await standIn.start();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bodies-'));
    writeFileSync(path.join(dir, 'bodies.json'), JSON.stringify(bodiesFileFor(base)));
    civicLine = await startCivicLine('securityBodyUpdates', {
      TWILIO_API_BASE_URL: await twilioApi.start(),
      BODIES_FILE: path.join(dir, 'bodies.json'),
      BODY_REGION_ROADS_API_KEY: standIn.apiKey,
      BODY_REGION_ROADS_UPDATES_SECRET: REGION_SECRET,
      BODY_MTO_WEBHOOK_SECRET: MTO_SECRET,
      FORWARDING_POLL_SECONDS: '0',
    });
    regionCase = (await civicLine.cases.open(onStreet(reporter, 'Ridgeline Rd', '2400'))).number;
    mtoCase = (await civicLine.cases.open(onStreet('+12895550402', 'Simcoe Hwy', '1200'))).number;
    townCase = (await civicLine.cases.open(potholeReport('+12895550403'))).number;
  });
  afterAll(async () => {
    await civicLine.close();
    await standIn.stop();
    await twilioApi.stop();
  });

  it("refuses an update without a signature, with a wrong one, or signed with another body's secret", async () => {
    const raw = update({ caseNumber: regionCase });
    expect((await post('region-roads', raw)).status).toBe(401);
    expect((await post('region-roads', raw, { 'x-civicline-timestamp': String(Math.floor(Date.now() / 1000)) })).status).toBe(401);
    const good = signed(REGION_SECRET, raw);
    const flipped = good['x-civicline-signature'].replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    expect((await post('region-roads', raw, { ...good, 'x-civicline-signature': flipped })).status).toBe(401);
    expect((await post('region-roads', raw, { ...good, 'x-civicline-signature': 'sha256=' })).status).toBe(401);
    expect((await post('region-roads', raw, signed(MTO_SECRET, raw))).status).toBe(401);
    // A body with a valid signature of its own cannot touch a case forwarded to someone else, or a town case.
    for (const number of [regionCase, townCase]) {
      const other = update({ caseNumber: number });
      const answer = await post('mto', other, signed(MTO_SECRET, other));
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatch(/caseNumber/);
    }
    // Unknown bodies, and ids that are not ids.
    for (const id of ['nobody', '%24ne', '..%2F..%2Fadmin', 'REGION-ROADS']) expect((await post(id, raw, signed(REGION_SECRET, raw))).status).toBe(404);
    expect(await statusOf(regionCase)).toBe('referred');
    expect(await statusOf(townCase)).toBe('received');
  });

  it('refuses a signed update outside the five-minute window, from the past or the future', async () => {
    const raw = update({ caseNumber: regionCase });
    expect((await post('region-roads', raw, signed(REGION_SECRET, raw, Date.now() - 6 * 60_000))).status).toBe(401);
    expect((await post('region-roads', raw, signed(REGION_SECRET, raw, Date.now() + 6 * 60_000))).status).toBe(401);
    // A timestamp changed after signing breaks the signature.
    const fresh = signed(REGION_SECRET, raw, Date.now() - 6 * 60_000);
    expect((await post('region-roads', raw, { ...fresh, 'x-civicline-timestamp': String(Math.floor(Date.now() / 1000)) })).status).toBe(401);
    expect(await statusOf(regionCase)).toBe('referred');
  });

  it('refuses operators and wrong types in every field, extra fields, truncated and oversized bodies', async () => {
    const fields: Record<string, unknown>[] = [
      { caseNumber: { $ne: null } },
      { caseNumber: { $gt: '' } },
      { caseNumber: Number(regionCase) },
      { caseNumber: [regionCase] },
      { caseNumber: regionCase, status: { $ne: 'open' } },
      { caseNumber: regionCase, status: 'fixed' },
      { caseNumber: regionCase, id: { $gt: '' } },
      { caseNumber: regionCase, id: 42 },
      { caseNumber: regionCase, id: '' },
      { caseNumber: regionCase, notes: { $where: 'sleep(1000)' } },
      { caseNumber: regionCase, notes: 'x'.repeat(1001) },
      { caseNumber: regionCase, $set: { status: 'closed' } },
      { caseNumber: regionCase, reporters: [] },
    ];
    for (const field of fields) {
      const raw = update(field);
      const answer = await post('region-roads', raw, signed(REGION_SECRET, raw));
      expect({ field, status: answer.status }).toEqual({ field, status: 400 });
      expect(answer.body.error).toEqual(expect.any(String));
    }
    for (const raw of ['[]', 'null', '"closed"', '{"caseNumber":', '']) {
      expect({ raw, status: (await post('region-roads', raw, signed(REGION_SECRET, raw))).status }).toEqual({ raw, status: 400 });
    }
    // Truncated in transit: the signature of the whole body does not match the part that arrived.
    const whole = update({ caseNumber: regionCase });
    expect((await post('region-roads', whole.slice(0, 20), signed(REGION_SECRET, whole))).status).toBe(401);
    const huge = update({ caseNumber: regionCase, notes: 'x'.repeat(20_000) });
    expect((await post('region-roads', huge, signed(REGION_SECRET, huge))).status).toBe(413);
    expect(await statusOf(regionCase)).toBe('referred');
  });

  it('applies a valid update once: the reporter is told once, a replay and a repeat change nothing', async () => {
    const raw = JSON.stringify({ id: 'region-update-1', caseNumber: regionCase, status: 'closed', notes: 'Filled on Tuesday' });
    const headers = signed(REGION_SECRET, raw);
    const first = await post('region-roads', raw, headers);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ outcome: 'close' });
    const replay = await post('region-roads', raw, headers);
    expect(replay.body).toEqual({ outcome: 'duplicate' });
    // The same news under a new id changes nothing either.
    const again = JSON.stringify({ id: 'region-update-2', caseNumber: regionCase, status: 'closed' });
    expect((await post('region-roads', again, signed(REGION_SECRET, again))).body).toEqual({ outcome: 'unchanged' });

    expect(await civicLine.cases.findByNumber(regionCase)).toMatchObject({ status: 'closed', closureReason: 'referred' });
    const closedTexts = () => twilioApi.messages.filter((m) => m.to === reporter && m.body.includes('has closed it'));
    await waitFor(() => closedTexts().length > 0, 'reporter told');
    await new Promise((r) => setTimeout(r, 1000));
    expect(closedTexts()).toHaveLength(1);
    expect(closedTexts()[0].body).toContain('Region of Elmhurst Roads');
  });

  it('refuses a flood from one address', async () => {
    const raw = update({ caseNumber: mtoCase });
    const answers: number[] = [];
    // Until the limit answers three times running (a window may end mid-flood on a slow machine: keep going).
    while (answers.length < 3 || (answers.length < 400 && !answers.slice(-3).every((s) => s === 429))) answers.push((await post('mto', raw)).status);
    expect(answers.slice(-3)).toEqual([429, 429, 429]);
    // Unsigned, every answer is a refusal: by the signature check, then by the limit.
    expect(answers.every((s) => s === 401 || s === 429)).toBe(true);
    expect(await statusOf(mtoCase)).toBe('referred');
  });
});
