import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { recordingLogger, startCivicLine, startWithTwilioStandIn, stopWithTwilioStandIn } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { waitFor } from '../support/waitFor';

/**
 * The staff API (POST /api/staff/agents/{agentId}/availability, GET /api/staff/callbacks) attacked as a staff
 * member who wants another's call-backs, or residents' numbers, would: each token names a person now.
 */
const TOKENS = {
  ann: 'ann-agent-token-0123456789',
  bob: 'bob-agent-token-0123456789',
  sam: 'sam-supervisor-token-0123456789',
  tia: 'tia-supervisor-token-0123456789',
  lee: 'lee-admin-token-0123456789',
  legacy: 'legacy-agent-token-0123456789',
};
const STAFF_API_TOKENS = [
  `agent:ann:${TOKENS.ann}`,
  `agent:bob:${TOKENS.bob}`,
  `supervisor:sam:${TOKENS.sam}`,
  `supervisor:tia:${TOKENS.tia}`,
  `admin:lee:${TOKENS.lee}`,
  `agent:${TOKENS.legacy}`,
].join(',');
/** Monday 4 January 2027, 10:00 in Toronto: the city is open. */
const MONDAY_10AM = new Date('2027-01-04T15:00:00Z');

type Who = keyof typeof TOKENS;

describe('staff API: who may act for whom, and who reads residents’ numbers', () => {
  let started: { civicLine: CivicLine; twilioApi: FakeTwilioApi };
  let civicLine: CivicLine;
  const clock = { now: MONDAY_10AM };
  const logger = recordingLogger();
  beforeAll(async () => {
    started = await startWithTwilioStandIn(
      'securityStaff',
      {
        STAFF_API_TOKENS,
        STAFF_TEAMS: 'sam:ann',
        STAFF_RATE_LIMIT_PER_MINUTE: '100000',
        OPENING_HOURS: 'Mon-Fri 08:30-16:30',
        CALLBACK_DISPATCH_SECONDS: '0',
        CALLBACK_PARALLEL_CALLS: '2',
      },
      { clock: () => clock.now, logger },
    );
    civicLine = started.civicLine;
  });
  afterAll(() => stopWithTwilioStandIn(started));

  const availability = (who: Who | undefined, agentId: string, body: unknown) => {
    const call = request(civicLine.app).post(`/api/staff/agents/${agentId}/availability`);
    return (who ? call.set('Authorization', `Bearer ${TOKENS[who]}`) : call).send(body as object);
  };
  const queueAs = async (who: Who) => {
    const response = await request(civicLine.app).get('/api/staff/callbacks').set('Authorization', `Bearer ${TOKENS[who]}`);
    expect(response.status).toBe(200);
    return response;
  };

  describe('credentials', () => {
    it('refuses a request without a token or with a wrong one (401), on both routes', async () => {
      expect((await availability(undefined, 'ann', { available: true, phone: '+19055550401' })).status).toBe(401);
      expect((await request(civicLine.app).get('/api/staff/callbacks')).status).toBe(401);
      const wrong = { Authorization: `Bearer ${TOKENS.ann.slice(0, -1)}x` };
      expect((await request(civicLine.app).post('/api/staff/agents/ann/availability').set(wrong).send({ available: true })).status).toBe(401);
      expect((await request(civicLine.app).get('/api/staff/callbacks').set(wrong)).status).toBe(401);
      expect((await request(civicLine.app).get('/api/staff/callbacks').set('Authorization', `Basic ${TOKENS.lee}`)).status).toBe(401);
      expect(await civicLine.callbacks.roster.find('ann')).toBeNull();
    });

    it('still lets a role:token token read, but it acts for nobody (403), not even an agent named after its role', async () => {
      expect((await queueAs('legacy')).body.callbacks).toEqual(expect.any(Array));
      for (const agentId of ['ann', 'agent']) {
        const refused = await availability('legacy', agentId, { available: true, phone: '+19055550499' });
        expect(refused.status).toBe(403);
        expect(refused.body.error).toMatch(/names nobody/);
        expect(await civicLine.callbacks.roster.find(agentId)).toBeNull();
      }
    });
  });

  describe('acting for an agent', () => {
    it('refuses an agent marking another agent available at their own number (403), and changes nothing', async () => {
      const refused = await availability('ann', 'bob', { available: true, phone: '+19055550401' });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('Not allowed: ann does not act for bob');
      expect(await civicLine.callbacks.roster.find('bob')).toBeNull();
      expect((await availability('bob', 'ann', { available: false })).status).toBe(403);
    });

    it('lets an agent mark themselves available', async () => {
      const own = await availability('ann', 'ann', { available: false, phone: '+19055550401' });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ agentId: 'ann', available: false, phone: '+19055550401' });
      // Who changed what is logged (until the back office keeps an audit trail), without the number.
      expect(logger.lines).toContain('Staff ann (agent) marked agent ann unavailable with a new phone');
      expect(logger.lines.join('\n')).not.toContain('+19055550401');
    });

    it('lets a supervisor act for their team and themselves, not for another team (403); one without a team only for themselves', async () => {
      expect((await availability('sam', 'ann', { available: false })).status).toBe(200);
      expect((await availability('sam', 'sam', { available: false, phone: '+19055550410' })).status).toBe(200);
      expect((await availability('sam', 'bob', { available: true, phone: '+19055550410' })).status).toBe(403);
      expect((await availability('tia', 'ann', { available: true, phone: '+19055550411' })).status).toBe(403);
      expect((await availability('tia', 'tia', { available: false, phone: '+19055550411' })).status).toBe(200);
      expect(await civicLine.callbacks.roster.find('bob')).toBeNull();
      expect((await civicLine.callbacks.roster.find('ann'))?.phone).toBe('+19055550401');
    });

    it('lets an admin act for anyone', async () => {
      expect((await availability('lee', 'bob', { available: false, phone: '+19055550402' })).status).toBe(200);
      expect((await civicLine.callbacks.roster.find('bob'))?.phone).toBe('+19055550402');
    });
  });

  describe('the call-back queue', () => {
    const numbers = { ann: '+12895550901', bob: '+12895550902', waiting: '+12895550903' };
    beforeAll(async () => {
      for (const [topic, phone] of Object.entries(numbers)) {
        await civicLine.callbacks.queue.add({ id: randomUUID(), phone, locale: 'en', channel: 'sms', address: phone, topic: `${topic} topic` });
        clock.now = new Date(clock.now.getTime() + 60_000);
      }
      // Each agent makes themselves available; the dispatcher gives the first request to ann, the second to bob.
      expect((await availability('ann', 'ann', { available: true })).status).toBe(200);
      await civicLine.callbacks.dispatcher.tick();
      await waitFor(() => started.twilioApi.calls.length === 1, 'the call placed with ann');
      expect((await availability('bob', 'bob', { available: true })).status).toBe(200);
      await civicLine.callbacks.dispatcher.tick();
      await waitFor(() => started.twilioApi.calls.length === 2, 'the call placed with bob');
    });

    const rowOf = (body: { callbacks: Array<{ phone: string; topic?: string }> }, phone: string) =>
      body.callbacks.find((c) => c.phone === phone || c.phone === masked(phone));
    const masked = (phone: string) => `${phone.slice(0, 2)}******${phone.slice(-4)}`;

    it('shows an agent the number and words only of the call-back being placed with them', async () => {
      const response = await queueAs('ann');
      expect(rowOf(response.body, numbers.ann)).toMatchObject({ phone: numbers.ann, topic: 'ann topic', state: 'calling' });
      expect(rowOf(response.body, numbers.bob)).toMatchObject({ phone: masked(numbers.bob), detailsHidden: true, state: 'calling' });
      expect(rowOf(response.body, numbers.bob)).not.toHaveProperty('topic');
      expect(rowOf(response.body, numbers.waiting)).toMatchObject({ phone: masked(numbers.waiting), detailsHidden: true, position: 1 });
      expect(response.text).not.toContain(numbers.bob);
      expect(response.text).not.toContain('bob topic');
      expect(response.text).not.toContain(numbers.waiting);

      const bobs = await queueAs('bob');
      expect(rowOf(bobs.body, numbers.bob)).toMatchObject({ phone: numbers.bob, topic: 'bob topic' });
      expect(bobs.text).not.toContain(numbers.ann);
    });

    it('shows a supervisor their team’s call-backs, and one without a team none', async () => {
      const sams = await queueAs('sam');
      expect(rowOf(sams.body, numbers.ann)).toMatchObject({ phone: numbers.ann, topic: 'ann topic' });
      expect(sams.text).not.toContain(numbers.bob);
      expect(sams.text).not.toContain(numbers.waiting);
      const tias = await queueAs('tia');
      for (const phone of Object.values(numbers)) expect(tias.text).not.toContain(phone);
      expect(tias.text).not.toContain('topic"');
    });

    it('shows an admin everything, and an unnamed token nothing', async () => {
      const lees = await queueAs('lee');
      for (const [topic, phone] of Object.entries(numbers)) expect(rowOf(lees.body, phone)).toMatchObject({ phone, topic: `${topic} topic` });
      expect(lees.text).not.toContain('detailsHidden');
      const legacy = await queueAs('legacy');
      for (const phone of Object.values(numbers)) expect(legacy.text).not.toContain(phone);
    });
  });

  describe('every field is checked at the edge (400 naming it)', () => {
    const operators: unknown[] = [{ $ne: null }, { $gt: '' }, ['+19055550401'], [true], 1, null];

    it.each(operators)('refuses %j as available', async (value) => {
      const response = await availability('ann', 'ann', { available: value, phone: '+19055550401' });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual(['body.available']);
    });

    it.each(operators.filter((v) => v !== null))('refuses %j as phone', async (value) => {
      const response = await availability('ann', 'ann', { available: true, phone: value });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual(['body.phone']);
    });

    it('refuses numbers that are not E.164, unknown fields, operator keys, a body that is not an object', async () => {
      expect((await availability('ann', 'ann', { available: true, phone: '905-555-0401' })).body.fields).toEqual(['body.phone']);
      expect((await availability('ann', 'ann', { available: true, $where: 'sleep(1000)' })).status).toBe(400);
      expect((await availability('ann', 'ann', { available: true, agentId: 'bob' })).status).toBe(400);
      expect((await availability('ann', 'ann', [{ available: true }])).status).toBe(400);
      expect((await availability('ann', 'ann', undefined)).body.fields).toEqual(['body']);
    });

    it.each(['%7B%22%24ne%22%3Anull%7D', '%24ne', 'a'.repeat(65), 'ann%00', '..%2Fbob'])('refuses agentId %s', async (agentId) => {
      const response = await availability('lee', agentId, { available: false });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual(['params.agentId']);
    });

    it('refuses a truncated body (400) and an oversized one (413), and answers neither with internals', async () => {
      const truncated = await request(civicLine.app)
        .post('/api/staff/agents/ann/availability')
        .set('Authorization', `Bearer ${TOKENS.ann}`)
        .type('json')
        .send('{"available": tr');
      expect(truncated.status).toBe(400);
      expect(truncated.text).toBe('Bad request');
      const oversized = await request(civicLine.app)
        .post('/api/staff/agents/ann/availability')
        .set('Authorization', `Bearer ${TOKENS.ann}`)
        .type('json')
        .send(JSON.stringify({ available: true, phone: '+19055550401', padding: 'x'.repeat(20_000) }));
      expect(oversized.status).toBe(413);
    });
  });
});

describe('staff API: floods', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('securityStaffFlood', { STAFF_API_TOKENS, STAFF_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => civicLine.close());

  it('answers 429 past the limit per client address, with or without a valid token (guessing tokens is slowed too)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const guess = i % 2 === 0 ? TOKENS.lee : `guess-${i}-0123456789abcdef`;
      statuses.push((await request(civicLine.app).get('/api/staff/callbacks').set('Authorization', `Bearer ${guess}`)).status);
    }
    // A minute's window may turn during the run: at most 5 pass in each of the (at most two) windows.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(10);
    expect(statuses.slice(0, 5)).toEqual([200, 401, 200, 401, 200]);
  });
});
