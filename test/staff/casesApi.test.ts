import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CivicLine } from '../../app/createCivicLine';
import { CategoryId } from '../../cases/categories';
import { caseAnswerSchema, caseListSchema, mergeAnswerSchema, splitAnswerSchema } from '../../staff/caseViews';
import { staffOpenApi } from '../../staff/staffOpenApi';
import { startCivicLine } from '../support/civicLineHarness';
import { PROJECT_ROOT } from '../support/paths';
import { joinReporter, potholeReport, STAFF_ENV, staffApi, StaffName } from '../support/staffCases';

const DAY = 24 * 3600 * 1000;
const openApi = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'docs', 'openapi', 'staff.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json'?: { schema: { $ref?: string } } } }> }>>;
};

/** Every real response checked against the documented status codes and (same source as the file) its schema. */
function conforms(pathTemplate: string, method: 'get' | 'post', response: { status: number; body: unknown }, schema?: z.ZodType): void {
  const documented = openApi.paths[pathTemplate]?.[method]?.responses;
  expect(documented).toBeDefined();
  expect(Object.keys(documented!)).toContain(String(response.status));
  if (schema && response.status === 200) {
    const checked = schema.safeParse(response.body);
    if (!checked.success) throw new Error(`${method} ${pathTemplate}: ${checked.error.message}`);
  }
}

describe('staff case API: filters, paging, masking per role, OpenAPI conformance', () => {
  let civicLine: CivicLine;
  const numbers: Record<string, string> = {};
  const list = async (who: StaffName, query: string) => {
    const response = await staffApi(civicLine, who).get(`/api/staff/cases?${query}`);
    conforms('/api/staff/cases', 'get', response, caseListSchema);
    return response;
  };
  const listed = async (who: StaffName, query: string) => {
    const response = await list(who, query);
    expect(response.status).toBe(200);
    return (response.body as z.infer<typeof caseListSchema>).cases.map((c) => c.number).sort();
  };
  const only = (...keys: string[]) => keys.map((k) => numbers[k]).sort();

  beforeAll(async () => {
    civicLine = await startCivicLine('casesApi', STAFF_ENV);
    const seed = async (key: string, category: CategoryId, place: { text: string; lat?: number; lng?: number }, description: string, phone: string) => {
      const opened = await civicLine.cases.open({ ...potholeReport(phone), category, description, location: { kind: 'address', ...place } });
      numbers[key] = opened.number;
      return opened;
    };
    await seed('oak', 'pothole', { text: '12 Oak St', lat: 43.65, lng: -79.38 }, 'hole (deep) near the curb', '+12895552001');
    await seed('oakNear', 'pothole', { text: '20 Oak St', lat: 43.6505, lng: -79.3805 }, 'another hole', '+12895552002');
    await seed('far', 'sidewalk', { text: '1 Far Rd', lat: 43.9, lng: -79.9 }, 'broken slab', '+12895552003');
    await seed('car', 'abandoned_vehicle', { text: 'Lot behind 5 Elm St' }, 'red car, no plates', '+12895552004');
    const crowded = await seed('crowded', 'graffiti', { text: '3 Pine St', lat: 43.7, lng: -79.4 }, 'tags on the wall', '+12895552005');
    await joinReporter(civicLine, crowded.number, potholeReport('+12895552006'));
    await joinReporter(civicLine, crowded.number, potholeReport('+12895552007'));
    // One overdue case, one closed.
    await civicLine.database.connection.collection('cases').updateOne({ _id: numbers.far as never }, { $set: { expectedBy: new Date(Date.now() - DAY) } });
    await civicLine.cases.moveStatus(numbers.oakNear, { status: 'closed', reason: 'duplicate' }, { by: 'sam' });
  });
  afterAll(() => civicLine.close());

  it('filters by status, category, queue, overdue, reporter count, text, rectangle and radius', async () => {
    expect(await listed('sam', 'status=closed')).toEqual(only('oakNear'));
    expect(await listed('sam', 'category=pothole,sidewalk')).toEqual(only('oak', 'oakNear', 'far'));
    expect(await listed('sam', 'queue=bylaw')).toEqual(only('car', 'crowded'));
    expect(await listed('sam', 'overdue=true')).toEqual(only('far'));
    expect(await listed('sam', 'overdue=false')).toEqual(only('oak', 'oakNear', 'car', 'crowded'));
    expect(await listed('sam', 'minReporters=3')).toEqual(only('crowded'));
    // Regex characters are matched as text, case-insensitively, in the description or the place.
    expect(await listed('sam', `text=${encodeURIComponent('(DEEP)')}`)).toEqual(only('oak'));
    expect(await listed('sam', 'text=elm')).toEqual(only('car'));
    expect(await listed('sam', 'text=.*')).toEqual([]);
    expect(await listed('sam', 'bbox=-79.5,43.6,-79.3,43.68')).toEqual(only('oak', 'oakNear'));
    // 20 Oak St is about 68 m from 12 Oak St: inside 100 m, outside 50 m.
    expect(await listed('sam', 'near=43.65,-79.38&radius=100')).toEqual(only('oak', 'oakNear'));
    expect(await listed('sam', 'near=43.65,-79.38&radius=50')).toEqual(only('oak'));
  });

  it('pages through every case once with the cursor, in each sort order', async () => {
    const all = (await listed('sam', 'limit=100')).length;
    for (const sort of ['priority', 'created', 'updated', 'expectedBy']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list('sam', `sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.body.cases.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.cases.map((c: { number: string }) => c.number));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(all);
      expect(new Set(seen).size).toBe(all);
    }
    const byPriority = (await list('sam', 'sort=priority&limit=100')).body.cases.map((c: { priority: number }) => c.priority);
    expect(byPriority).toEqual([...byPriority].sort((a, b) => a - b));
    expect((await list('sam', 'sort=priority&cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });

  it('shows agents only their queues, with subscribers’ numbers masked; supervisors and admins everything', async () => {
    expect(await listed('ann', 'limit=100')).toEqual(only('oak', 'oakNear', 'far'));
    expect(await listed('ann', 'queue=bylaw')).toEqual([]);
    expect(await listed('bob', 'limit=100')).toEqual(only('car', 'crowded'));

    const forbidden = await staffApi(civicLine, 'ann').get(`/api/staff/cases/${numbers.crowded}`);
    expect(forbidden.status).toBe(403);
    conforms('/api/staff/cases/{caseNumber}', 'get', forbidden);

    const asAgent = await staffApi(civicLine, 'bob').get(`/api/staff/cases/${numbers.crowded}`);
    conforms('/api/staff/cases/{caseNumber}', 'get', asAgent, caseAnswerSchema);
    expect(asAgent.body.case.contactsMasked).toBe(true);
    expect(asAgent.body.case.subscribers.map((s: { address: string }) => s.address)).toEqual(['+1******2005', '+1******2006', '+1******2007']);
    expect(JSON.stringify(asAgent.body)).not.toMatch(/2895552005/);

    for (const who of ['sam', 'lee'] as const) {
      const full = await staffApi(civicLine, who).get(`/api/staff/cases/${numbers.crowded}`);
      conforms('/api/staff/cases/{caseNumber}', 'get', full, caseAnswerSchema);
      expect(full.body.case.subscribers.map((s: { address: string }) => s.address)).toEqual(['+12895552005', '+12895552006', '+12895552007']);
      expect(full.body.case).toMatchObject({ reporterCount: 3, contactsMasked: false, evidence: expect.any(Array), callbacks: [], forwarding: null });
    }
    const missing = await staffApi(civicLine, 'sam').get('/api/staff/cases/00000000');
    expect(missing.status).toBe(404);
    conforms('/api/staff/cases/{caseNumber}', 'get', missing);
  });

  it('shows the call-backs linked to the case and where it was forwarded', async () => {
    const models = civicLine.database.connection;
    await models.collection('callbackRequests').insertOne({
      _id: 'cb-test-1' as never,
      phone: '+12895552099',
      caseNumber: numbers.car,
      locale: 'en',
      requestedAt: new Date(),
      channel: 'sms',
      address: '+12895552099',
      state: 'waiting',
      attemptsMade: 0,
      notBefore: new Date(),
      updatedAt: new Date(),
    });
    await models.collection('cases').updateOne({ _id: numbers.car as never }, { $set: { forwarding: { body: 'region', state: 'sent', externalId: 'R-17', sentAt: new Date() } } });
    const asAgent = await staffApi(civicLine, 'bob').get(`/api/staff/cases/${numbers.car}`);
    conforms('/api/staff/cases/{caseNumber}', 'get', asAgent, caseAnswerSchema);
    expect(asAgent.body.case.callbacks).toEqual([expect.objectContaining({ id: 'cb-test-1', state: 'waiting', phone: '+1******2099' })]);
    expect(asAgent.body.case.forwarding).toMatchObject({ body: 'region', state: 'sent', externalId: 'R-17' });
  });

  it('answers every change route as documented, with 400 naming the field, 404 and 409', async () => {
    const sam = staffApi(civicLine, 'sam');
    const route = (suffix: string) => `/api/staff/cases/{caseNumber}/${suffix}`;
    const n = numbers.oak;
    let r = await sam.post(`/api/staff/cases/${n}/status`, { status: 'scheduled', note: 'Thursday', public: true });
    conforms(route('status'), 'post', r, caseAnswerSchema);
    const revision = r.body.case.revision as number;
    r = await sam.post(`/api/staff/cases/${n}/status`, { status: 'in_progress', revision: revision - 1 });
    expect(r.status).toBe(409);
    conforms(route('status'), 'post', r);
    r = await sam.post(`/api/staff/cases/${n}/status`, { status: 'bogus' });
    expect(r.body.fields).toEqual(['body.status']);
    conforms(route('status'), 'post', r);
    r = await sam.post(`/api/staff/cases/${n}/notes`, { text: 'internal' });
    conforms(route('notes'), 'post', r, caseAnswerSchema);
    r = await sam.post(`/api/staff/cases/${n}/category`, { category: 'sidewalk' });
    conforms(route('category'), 'post', r, caseAnswerSchema);
    r = await sam.post(`/api/staff/cases/${n}/assign`, { assignee: 'roads-crew-1' });
    conforms(route('assign'), 'post', r, caseAnswerSchema);
    r = await staffApi(civicLine, 'ann').post(`/api/staff/cases/${numbers.far}/assign`, { assignee: 'ann' });
    expect(r.status).toBe(200);
    r = await staffApi(civicLine, 'ann').post(`/api/staff/cases/${numbers.far}/assign`, { assignee: 'bob' });
    expect(r.status).toBe(403);
    r = await sam.post(`/api/staff/cases/${numbers.crowded}/split`, { evidenceIndex: 2 });
    conforms(route('split'), 'post', r, splitAnswerSchema);
    r = await sam.post(`/api/staff/cases/${numbers.crowded}/merge`, { into: n });
    conforms(route('merge'), 'post', r, mergeAnswerSchema);
    expect(r.status).toBe(200);
    r = await sam.post('/api/staff/cases/00000000/merge', { into: n });
    expect(r.status).toBe(404);
    conforms(route('merge'), 'post', r);
    r = await staffApi(civicLine, 'ann').post(`/api/staff/cases/${numbers.far}/merge`, { into: n });
    expect(r.status).toBe(403);
  });

  it('keeps docs/openapi/staff.json in step with the schemas the API checks (npm run openapi)', () => {
    expect(openApi).toEqual(JSON.parse(JSON.stringify(staffOpenApi())));
  });
});
