import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { waitFor } from '../support/waitFor';
import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { TwilioCallPlayer, eventually } from '../support/twilioCallPlayer';
import { CITY_NUMBER } from '../support/testConfig';

/** An admin marks agents available here (agents acting for themselves: test/security/staff.test.ts). */
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
/** Monday 4 January 2027, 10:00 in Toronto. */
const MONDAY_10AM = new Date('2027-01-04T15:00:00Z');
const MINUTE = 60_000;

/** A server on a database of its own (or a shared one), with a clock the test moves. */
async function server(twilioApiUrl: string, clock: { now: Date }, env: Record<string, string> = {}, databaseUri?: string): Promise<CivicLine> {
  return startCivicLine(
    'dispatcher',
    {
      TWILIO_API_BASE_URL: twilioApiUrl,
      OPENING_HOURS: 'Mon-Fri 08:30-16:30',
      CALLBACK_DISPATCH_SECONDS: '0',
      CALLBACK_PARALLEL_CALLS: '1',
      CALLBACK_MAX_ATTEMPTS: '2',
      CALLBACK_RETRY_MINUTES: '10',
      STAFF_API_TOKENS: `admin:lee:${ADMIN_TOKEN}`,
      ...env,
    },
    databaseUri,
    { clock: () => clock.now },
  );
}

async function makeAvailable(civicLine: CivicLine, agentId: string, phone?: string, available = true) {
  return request(civicLine.app)
    .post(`/api/staff/agents/${agentId}/availability`)
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({ available, ...(phone ? { phone } : {}) });
}

async function ask(civicLine: CivicLine, clock: { now: Date }, phone: string, extra: { topic?: string; caseNumber?: string } = {}) {
  const created = await civicLine.callbacks.queue.add({ id: randomUUID(), phone, locale: 'en', channel: 'sms', address: phone, topic: 'my water bill', ...extra });
  clock.now = new Date(clock.now.getTime() + MINUTE);
  return created;
}

describe('the call-back dispatcher, against a local Twilio stand-in', () => {
  let twilioApi: FakeTwilioApi;
  let apiUrl: string;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    apiUrl = await twilioApi.start();
  });
  afterAll(() => twilioApi.stop());

  describe('one server', () => {
    let civicLine: CivicLine;
    const clock = { now: MONDAY_10AM };
    let player: TwilioCallPlayer;
    beforeEach(async () => {
      twilioApi.calls.length = 0;
      twilioApi.messages.length = 0;
      clock.now = MONDAY_10AM;
      civicLine = await server(apiUrl, clock);
      player = new TwilioCallPlayer(civicLine.app);
    });
    afterEach(() => civicLine.close());

    it('calls residents back in the order they asked, when an agent is free, and connects them to the agent', async () => {
      await ask(civicLine, clock, '+12895550801', { caseNumber: '48219375' });
      await ask(civicLine, clock, '+12895550802');
      await ask(civicLine, clock, '+12895550803');
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0); // nobody available yet

      expect((await makeAvailable(civicLine, 'ann', '+19055550401')).status).toBe(200);
      await eventually(() => twilioApi.calls.length === 1);
      const [first] = twilioApi.calls;
      expect(first).toMatchObject({ to: '+12895550801', from: CITY_NUMBER, machineDetection: 'Enable', statusCallbackEvent: ['completed'] });
      expect(first.url).toContain('/twilio/voice/callback/answer?attempt=');
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0); // the only agent is on that call

      const played = await player.answeredByPerson(first);
      expect(played.residentHeard[0]).toBe(
        'Hello, this is the Town of Elmhurst returning your call about your case 4 8 2 1, 9 3 7 5: my water bill. Please hold while we connect you to a staff member.',
      );
      expect(played.agentDialled).toBe('+19055550401');
      expect(played.agentHeard).toEqual(['Call back to 2 8 9, 5 5 5, 0 8 0 1 about case 4 8 2 1, 9 3 7 5: my water bill. Connecting you now.']);

      for (const expected of ['+12895550802', '+12895550803']) {
        expect(await civicLine.callbacks.dispatcher.tick()).toBe(1);
        const call = twilioApi.calls[twilioApi.calls.length - 1];
        expect(call.to).toBe(expected);
        await player.answeredByPerson(call);
      }
      const view = (await request(civicLine.app).get('/api/staff/callbacks').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).body;
      expect(view.callbacks.map((c: { phone: string; state: string }) => [c.phone, c.state])).toEqual(
        expect.arrayContaining([['+12895550801', 'done'], ['+12895550802', 'done'], ['+12895550803', 'done']]),
      );
    });

    it('tells the staff member when the resident speaks another language, and greets the resident in theirs', async () => {
      await civicLine.callbacks.queue.add({ id: randomUUID(), phone: '+12895550805', locale: 'fr', channel: 'sms', address: '+12895550805', topic: 'déneigement de ma rue' });
      await makeAvailable(civicLine, 'ann', '+19055550401');
      await eventually(() => twilioApi.calls.length === 1);
      const played = await player.answeredByPerson(twilioApi.calls[0]);
      expect(played.residentHeard[0]).toMatch(/^Bonjour, ici la Ville d'Elmhurst/);
      expect(played.agentHeard).toEqual([expect.stringContaining('déneigement de ma rue'), 'The caller speaks French.']);
    });

    it('retries a machine or no answer after the delay, then texts the resident that the city tried', async () => {
      const asked = await ask(civicLine, clock, '+12895550811');
      await makeAvailable(civicLine, 'bob', '+19055550402');
      await eventually(() => twilioApi.calls.length === 1);
      const machine = await player.answeredByMachine(twilioApi.calls[0]);
      expect(machine.twiml).toContain('<Hangup/>');
      expect(machine.residentHeard).toEqual([]);
      await player.end(twilioApi.calls[0], 'completed'); // Twilio delivers the status callback again: nothing changes

      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0); // not before the retry delay
      clock.now = new Date(clock.now.getTime() + 11 * MINUTE);
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(1);
      await player.end(twilioApi.calls[1], 'no-answer');

      clock.now = new Date(clock.now.getTime() + 11 * MINUTE);
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0); // two attempts were allowed
      expect(twilioApi.calls.map((c) => c.to)).toEqual(['+12895550811', '+12895550811']);
      await waitFor(() => twilioApi.messages.length > 0, 'the "we tried" text (through the outbox)');
      expect(twilioApi.messages).toEqual([
        expect.objectContaining({ to: '+12895550811', body: expect.stringContaining('we tried 2 times to call you back about "my water bill"') }),
      ]);

      const view = (await request(civicLine.app).get('/api/staff/callbacks').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).body;
      const mine = view.callbacks.find((c: { id: string }) => c.id === asked._id);
      expect(mine).toMatchObject({ state: 'gave_up', phone: '+12895550811' });
      expect(mine.attempts.map((a: { number: number; outcome: string; agentId: string }) => [a.number, a.outcome, a.agentId])).toEqual([
        [1, 'machine', 'bob'],
        [2, 'no_answer', 'bob'],
      ]);
      expect(mine.attempts[0].events).toEqual([expect.objectContaining({ kind: 'machine' })]);
    });

    it("when the agent's phone is not answered, the resident is told, the agent is marked away, and the request keeps its place", async () => {
      await ask(civicLine, clock, '+12895550821');
      await ask(civicLine, clock, '+12895550822');
      await makeAvailable(civicLine, 'cy', '+19055550403');
      await eventually(() => twilioApi.calls.length === 1);
      const played = await player.answeredByPerson(twilioApi.calls[0], 'no-answer');
      expect(played.residentHeard).toContain("Sorry, nobody could take the call just now. We'll call you again shortly. Goodbye.");
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0); // nobody available now

      await makeAvailable(civicLine, 'cy');
      await eventually(() => twilioApi.calls.length === 2);
      expect(twilioApi.calls[1].to).toBe('+12895550821');
    });

    it('places no call while the city is closed, and starts at opening time', async () => {
      clock.now = new Date('2027-01-03T15:00:00Z'); // Sunday
      await ask(civicLine, clock, '+12895550831');
      await makeAvailable(civicLine, 'dee', '+19055550404');
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0);
      clock.now = new Date('2027-01-04T13:30:00Z'); // Monday 8:30
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(1);
    });

    it('keeps to the parallel calls allowed, however many agents are free', async () => {
      await ask(civicLine, clock, '+12895550841');
      await ask(civicLine, clock, '+12895550842');
      await makeAvailable(civicLine, 'eve', '+19055550405');
      await makeAvailable(civicLine, 'fay', '+19055550406');
      await eventually(() => twilioApi.calls.length === 1);
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0);
      expect(twilioApi.calls).toHaveLength(1);
    });

    it('settles an attempt claimed by a process that died before placing the call, so the request moves on', async () => {
      const asked = await ask(civicLine, clock, '+12895550856');
      await civicLine.callbacks.roster.setAvailability('kim', true, '+19055550411');
      // What a dispatcher leaves behind when it dies right after claiming attempt 1.
      await civicLine.database.connection.models.callbackAttempts.create({
        _id: `${asked._id}:1`, requestId: asked._id, number: 1, agentId: '', agentPhone: '', placedAt: clock.now, owner: 'a-dead-process',
      });
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0);
      clock.now = new Date(clock.now.getTime() + 3 * MINUTE);
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0); // settled now; the retry waits its delay
      clock.now = new Date(clock.now.getTime() + 11 * MINUTE);
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(1);
      expect(twilioApi.calls.map((c) => c.to)).toEqual(['+12895550856']);
    });

    it('asks Twilio how a call ended when its report never came', async () => {
      await ask(civicLine, clock, '+12895550851');
      await makeAvailable(civicLine, 'gus', '+19055550407');
      await eventually(() => twilioApi.calls.length === 1);
      twilioApi.callStatuses.set(twilioApi.calls[0].sid, 'no-answer');
      clock.now = new Date(clock.now.getTime() + 5 * MINUTE);
      await civicLine.callbacks.dispatcher.tick();
      expect(twilioApi.calls).toHaveLength(1); // too early to ask
      clock.now = new Date(clock.now.getTime() + 6 * MINUTE);
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(0); // settled as no answer; the retry waits its delay
      const [request] = await civicLine.callbacks.queue.activeFor('+12895550851');
      expect(request).toMatchObject({ state: 'waiting', attemptsMade: 1 });
      clock.now = new Date(clock.now.getTime() + 11 * MINUTE);
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(1);
    });

    it('a call Twilio refuses counts as an attempt, frees the agent, and is tried again later', async () => {
      await ask(civicLine, clock, '+12895550857');
      await civicLine.callbacks.roster.setAvailability('max', true, '+19055550413');
      twilioApi.refuseCalls = true;
      try {
        expect(await civicLine.callbacks.dispatcher.tick()).toBe(0);
      } finally {
        twilioApi.refuseCalls = false;
      }
      const [request] = await civicLine.callbacks.queue.activeFor('+12895550857');
      expect(request).toMatchObject({ state: 'waiting', attemptsMade: 1 });
      clock.now = new Date(clock.now.getTime() + 11 * MINUTE);
      expect(await civicLine.callbacks.dispatcher.tick()).toBe(1);
    });

    it('refuses staff calls without a valid token or with a bad number', async () => {
      const noToken = await request(civicLine.app).post('/api/staff/agents/ann/availability').send({ available: true, phone: '+19055550401' });
      expect(noToken.status).toBe(401);
      const wrongToken = await request(civicLine.app).get('/api/staff/callbacks').set('Authorization', 'Bearer not-a-real-token-000000');
      expect(wrongToken.status).toBe(401);
      expect((await makeAvailable(civicLine, 'ann', '905-555-0401')).status).toBe(400);
      expect((await makeAvailable(civicLine, 'newcomer')).status).toBe(400); // no phone known yet
      expect((await makeAvailable(civicLine, 'not/an/id', '+19055550401')).status).toBe(404);
      expect((await makeAvailable(civicLine, 'ann', '+19055550401', false)).body).toMatchObject({ agentId: 'ann', available: false, phone: '+19055550401' });
    });
  });

  it('two servers on one database never call a resident twice for one request', async () => {
    twilioApi.calls.length = 0;
    const clock = { now: MONDAY_10AM };
    const databaseUri = testDatabaseUri('dispatcherPair');
    const env = { CALLBACK_PARALLEL_CALLS: '3' };
    const one = await server(apiUrl, clock, env, databaseUri);
    const two = await server(apiUrl, clock, env, databaseUri);
    try {
      const phones = ['+12895550861', '+12895550862', '+12895550863', '+12895550864', '+12895550865'];
      for (const phone of phones) await ask(one, clock, phone);
      for (const [agent, phone] of [['hal', '+19055550408'], ['ivy', '+19055550409']]) {
        await one.callbacks.roster.setAvailability(agent, true, phone);
      }
      const player = new TwilioCallPlayer(one.app);
      for (let round = 0; round < 4; round++) {
        const before = twilioApi.calls.length;
        await Promise.all([one.callbacks.dispatcher.tick(), two.callbacks.dispatcher.tick(), one.callbacks.dispatcher.tick(), two.callbacks.dispatcher.tick()]);
        const placed = twilioApi.calls.slice(before);
        expect(placed.length).toBeLessThanOrEqual(2); // two agents
        expect(new Set(placed.map((c) => c.to)).size).toBe(placed.length);
        for (const call of placed) await player.answeredByPerson(call);
      }
      expect(twilioApi.calls.map((c) => c.to).sort()).toEqual(phones);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('the queue is intact after the server restarts: same requests, same order, same places', async () => {
    twilioApi.calls.length = 0;
    const clock = { now: MONDAY_10AM };
    const databaseUri = testDatabaseUri('dispatcherRestart');
    const before = await server(apiUrl, clock, {}, databaseUri);
    for (const phone of ['+12895550871', '+12895550872', '+12895550873']) await ask(before, clock, phone);
    const listed = (await before.callbacks.queue.staffView()).map((c) => [c.phone, c.position]);
    await before.close();

    const after = await server(apiUrl, clock, {}, databaseUri);
    try {
      expect((await after.callbacks.queue.staffView()).map((c) => [c.phone, c.position])).toEqual(listed);
      expect(listed).toEqual([
        ['+12895550871', 1],
        ['+12895550872', 2],
        ['+12895550873', 3],
      ]);
      await after.callbacks.roster.setAvailability('jo', true, '+19055550410');
      expect(await after.callbacks.dispatcher.tick()).toBe(1);
      expect(twilioApi.calls.map((c) => c.to)).toEqual(['+12895550871']);
    } finally {
      await after.close();
    }
  });
});
