import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { recordingLogger, startCivicLine } from '../support/civicLineHarness';
import { potholeReport, STAFF, STAFF_ENV, staffApi } from '../support/staffCases';

/**
 * The staff case API attacked: no or wrong credentials, a token that names nobody, an agent reaching outside their
 * queues or above their role, MongoDB operators and wrong types in every field, broken and oversized bodies,
 * tampered cursors, and a flood. After all of it the attacked cases are exactly as they were.
 */
describe('staff case API under attack', () => {
  let civicLine: CivicLine;
  let roads: string;
  let bylaw: string;
  const logger = recordingLogger();
  const changes = (n: string): [string, unknown][] => [
    [`/api/staff/cases/${n}/status`, { status: 'in_progress' }],
    [`/api/staff/cases/${n}/notes`, { text: 'hello' }],
    [`/api/staff/cases/${n}/category`, { category: 'sidewalk' }],
    [`/api/staff/cases/${n}/assign`, { assignee: 'ann' }],
    [`/api/staff/cases/${n}/merge`, { into: bylaw }],
    [`/api/staff/cases/${n}/split`, { evidenceIndex: 1 }],
  ];
  const untouched = async (n: string) => {
    const record = (await civicLine.cases.findByNumber(n))!;
    expect(record).toMatchObject({ revision: 0, status: 'received', notes: [] });
    expect(record.audit).toHaveLength(1);
  };

  beforeAll(async () => {
    civicLine = await startCivicLine('securityStaffCases', STAFF_ENV, undefined, { logger });
    roads = (await civicLine.cases.open(potholeReport('+12895553001'))).number;
    bylaw = (await civicLine.cases.open({ ...potholeReport('+12895553002'), category: 'graffiti' })).number;
  });
  afterAll(() => civicLine.close());

  it('refuses every route without a token, with a wrong one, or with another scheme (401)', async () => {
    const wrong = `Bearer ${STAFF.sam.slice(0, -1)}x`;
    for (const auth of [undefined, wrong, `Basic ${STAFF.lee}`, `Bearer ${STAFF.sam} extra`]) {
      const withAuth = <T extends request.Test>(t: T) => (auth ? t.set('Authorization', auth) : t);
      expect((await withAuth(request(civicLine.app).get('/api/staff/cases'))).status).toBe(401);
      expect((await withAuth(request(civicLine.app).get(`/api/staff/cases/${roads}`))).status).toBe(401);
      for (const [path, body] of changes(roads)) expect((await withAuth(request(civicLine.app).post(path)).send(body as object)).status).toBe(401);
    }
    await untouched(roads);
  });

  it('lets a token that names nobody read, never change anything (403)', async () => {
    const legacy = staffApi(civicLine, 'legacy');
    expect((await legacy.get('/api/staff/cases')).status).toBe(200);
    expect((await legacy.get(`/api/staff/cases/${roads}`)).status).toBe(200);
    for (const [path, body] of changes(roads)) expect((await legacy.post(path, body)).status).toBe(403);
    await untouched(roads);
  });

  it('keeps an agent to their own queues and role: no reading or changing other queues, no merge, split or reassigning', async () => {
    const ann = staffApi(civicLine, 'ann');
    expect((await ann.get(`/api/staff/cases/${bylaw}`)).status).toBe(403);
    expect((await ann.get(`/api/staff/cases?queue=bylaw`)).body.cases).toEqual([]);
    expect((await ann.get(`/api/staff/cases?text=graffiti`)).body.cases).toEqual([]);
    for (const [path, body] of changes(bylaw)) expect((await ann.post(path, body)).status).toBe(403);
    expect((await ann.post(`/api/staff/cases/${roads}/merge`, { into: bylaw })).status).toBe(403);
    expect((await ann.post(`/api/staff/cases/${roads}/split`, { evidenceIndex: 1 })).status).toBe(403);
    expect((await ann.post(`/api/staff/cases/${roads}/assign`, { assignee: 'bob' })).status).toBe(403);
    await untouched(roads);
    await untouched(bylaw);
  });

  it('answers operators and wrong types in every query field with 400 naming it', async () => {
    const sam = staffApi(civicLine, 'sam');
    const bad = [
      'status[$ne]=closed',
      'status=received&status=closed',
      'status=open',
      'category[$gt]=',
      'queue=roads;drop',
      'overdue=yes',
      'minReporters[$gt]=0',
      'minReporters=-1',
      'text[$regex]=.*',
      `text=${'x'.repeat(101)}`,
      'bbox=1,2,3',
      'bbox=-200,0,0,0',
      'near=43.6,-79.3',
      'radius=10',
      'near=abc,def&radius=10',
      'sort=$natural',
      'limit=1000',
      'limit=0',
      'cursor=!!!',
      'mystery=1',
      `cursor=${Buffer.from(JSON.stringify({ s: 'priority', v: [{ $gt: '' }, { $ne: null }, 'x'] })).toString('base64url')}`,
      `cursor=${Buffer.from(JSON.stringify({ s: 'created', v: [1, 2] })).toString('base64url')}`,
    ];
    for (const query of bad) {
      const response = await sam.get(`/api/staff/cases?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.body.error).toMatch(/^query/);
    }
    for (const number of ['%7B%22%24ne%22%3A1%7D', '1234567', '123456789', 'abcdefgh']) {
      expect((await sam.get(`/api/staff/cases/${number}`)).status).toBe(400);
    }
  });

  it('answers operators, wrong types and unknown fields in every body field with 400 naming it', async () => {
    const sam = staffApi(civicLine, 'sam');
    const bodies: [string, unknown, string][] = [
      ['status', { status: { $ne: null } }, 'body.status'],
      ['status', { status: 'closed', reason: { $gt: '' } }, 'body.reason'],
      ['status', { status: 'closed', reason: 'fixed', public: 'yes' }, 'body.public'],
      ['status', { status: 'in_progress', note: ['a'] }, 'body.note'],
      ['status', { status: 'in_progress', revision: '0' }, 'body.revision'],
      ['status', { status: 'in_progress', revision: { $gt: -1 } }, 'body.revision'],
      ['status', { status: 'in_progress', $set: { status: 'closed' } }, 'body'],
      ['notes', { text: { $gt: '' } }, 'body.text'],
      ['notes', { text: '   ' }, 'body.text'],
      ['notes', { text: 'x'.repeat(2001) }, 'body.text'],
      ['category', { category: ['pothole'] }, 'body.category'],
      ['category', { category: 'moon' }, 'body.category'],
      ['assign', { assignee: { $ne: null } }, 'body.assignee'],
      ['assign', { assignee: 'a b' }, 'body.assignee'],
      ['merge', { into: { $ne: null } }, 'body.into'],
      ['merge', { into: '1234' }, 'body.into'],
      ['split', { evidenceIndex: '1' }, 'body.evidenceIndex'],
      ['split', { evidenceIndex: 0 }, 'body.evidenceIndex'],
      ['split', { evidenceIndex: 1.5 }, 'body.evidenceIndex'],
    ];
    for (const [route, body, field] of bodies) {
      const response = await sam.post(`/api/staff/cases/${roads}/${route}`, body);
      expect([route, body, response.status]).toEqual([route, body, 400]);
      expect(response.body.error).toContain(field);
    }
    await untouched(roads);
  });

  it('refuses truncated, mistyped and oversized bodies', async () => {
    const post = (path: string) => request(civicLine.app).post(path).set('Authorization', `Bearer ${STAFF.sam}`);
    expect((await post(`/api/staff/cases/${roads}/notes`).set('Content-Type', 'application/json').send('{"text": "half')).status).toBe(400);
    expect((await post(`/api/staff/cases/${roads}/notes`).set('Content-Type', 'text/plain').send('text=hello')).status).toBe(400);
    expect((await post(`/api/staff/cases/${roads}/notes`).send([{ text: 'hello' }])).status).toBe(400);
    expect((await post(`/api/staff/cases/${roads}/notes`).send({ text: 'x'.repeat(9000) })).status).toBe(413);
    await untouched(roads);
  });

  it('cannot merge a case into itself, into a missing or merged case, nor split the report that opened it', async () => {
    const sam = staffApi(civicLine, 'sam');
    expect((await sam.post(`/api/staff/cases/${roads}/merge`, { into: roads })).body.fields).toEqual(['body.into']);
    expect((await sam.post(`/api/staff/cases/${roads}/merge`, { into: '00000000' })).status).toBe(400);
    expect((await sam.post(`/api/staff/cases/${roads}/split`, { evidenceIndex: 1 })).status).toBe(400);
    await untouched(roads);
  });

  it('keeps control characters out of notes (a public note is texted to residents as is), and refuses a note of nothing but them', async () => {
    const sam = staffApi(civicLine, 'sam');
    expect((await sam.post(`/api/staff/cases/${bylaw}/notes`, { text: 'crew on site\u0000\u001b[2J tomorrow' })).status).toBe(200);
    const notes = (await civicLine.cases.findByNumber(bylaw))!.notes;
    expect(notes[notes.length - 1].text).toBe('crew on site[2J tomorrow');
    const empty = await sam.post(`/api/staff/cases/${bylaw}/notes`, { text: '\u0000\u0007' });
    expect(empty.status).toBe(400);
  });

  it('logs who changed what, never a resident’s number', async () => {
    const note = await staffApi(civicLine, 'sam').post(`/api/staff/cases/${bylaw}/notes`, { text: 'called +12895553002 back' });
    expect(note.status).toBe(200);
    expect(logger.lines.some((l) => l.includes(`Staff sam added a internal note to case ${bylaw}`))).toBe(false);
    expect(logger.lines.some((l) => l.includes(`Staff sam added an internal note to case ${bylaw}`))).toBe(true);
    expect(logger.lines.join('\n')).not.toContain('2895553002');
  });

  it('slows a flood of requests from one address (429) before any token is checked', async () => {
    const flooded = await startCivicLine('securityStaffCasesFlood', { ...STAFF_ENV, STAFF_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await request(flooded.app).get('/api/staff/cases').set('Authorization', `Bearer wrong-${i}-token-0123456789`)).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      expect((await staffApi(flooded, 'sam').post(`/api/staff/cases/${roads}/notes`, { text: 'x' })).status).toBe(429);
    } finally {
      await flooded.close();
    }
  });
});
