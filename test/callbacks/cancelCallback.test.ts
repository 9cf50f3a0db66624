import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { attemptId, callbackModels } from '../../callbacks/callbackModels';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { eventually } from '../support/twilioCallPlayer';
import { heardText, phoneCall } from '../support/phoneCall';

const AGENT_TOKEN = 'agent-token-0123456789abcdef';
/** Monday 4 January 2027, 10:00 in Toronto: open, but nobody has said they are free to call yet. */
const MONDAY_10AM = new Date('2027-01-04T15:00:00Z');

/** Residents who asked to be called back and then no longer need it (or change their mind about cancelling). */
describe('cancelling a call-back', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  const clock = { now: MONDAY_10AM };

  beforeEach(async () => {
    twilioApi = new FakeTwilioApi();
    const apiBaseUrl = await twilioApi.start();
    clock.now = MONDAY_10AM;
    civicLine = await startCivicLine(
      'cancelCallback',
      { TWILIO_API_BASE_URL: apiBaseUrl, OPENING_HOURS: 'Mon-Fri 08:30-16:30', CALLBACK_DISPATCH_SECONDS: '0', CALLBACK_PARALLEL_CALLS: '1', STAFF_API_TOKENS: `agent:ann:${AGENT_TOKEN}` },
      undefined,
      { clock: () => clock.now },
    );
  });
  afterEach(async () => {
    await civicLine.close();
    await twilioApi.stop();
  });

  /** Asks by text for a call-back as soon as possible to this number; resolves to the request's id. */
  async function queued(resident: TextingResident, ask = 'can someone call me back about my water bill'): Promise<string> {
    expect(await resident.say(ask)).toContain('When should we call you?');
    let reply = await resident.say('1');
    if (reply.includes('what is it about')) reply = await resident.say('my water bill');
    expect(reply).toContain('Should we call you at');
    expect(await resident.say('1')).toMatch(/number \d+ in line/);
    const [active] = await civicLine.callbacks.queue.activeFor(resident.phone);
    clock.now = new Date(clock.now.getTime() + 60_000);
    return active._id;
  }

  const stateOf = async (id: string) => (await civicLine.callbacks.queue.find(id))?.state;

  async function agentAvailable(): Promise<void> {
    const answer = await request(civicLine.app)
      .post('/api/staff/agents/ann/availability')
      .set('Authorization', `Bearer ${AGENT_TOKEN}`)
      .send({ available: true, phone: '+19055550401' });
    expect(answer.status).toBe(200);
  }

  it('"never mind, cancel the call back": asked to be sure, then taken out of the line and never called', async () => {
    const resident = new TextingResident(civicLine, '+12895551401');
    const id = await queued(resident);
    const behind = new TextingResident(civicLine, '+12895551402');
    await queued(behind);

    const offer = await resident.say('never mind, cancel the call back');
    expect(offer).toMatch(/number 1\b/);
    expect(await stateOf(id)).toBe('waiting'); // nothing is cancelled before the resident says so
    expect(await resident.say('yes')).toMatch(/cancel/i);
    expect(await stateOf(id)).toBe('cancelled');

    // The one behind moves up, and is the only one called.
    expect((await civicLine.callbacks.queue.placeOf((await civicLine.callbacks.queue.find((await civicLine.callbacks.queue.activeFor(behind.phone))[0]._id))!)).position).toBe(1);
    await agentAvailable();
    await eventually(() => twilioApi.calls.length === 1);
    await civicLine.callbacks.dispatcher.tick();
    expect(twilioApi.calls.map((c) => c.to)).toEqual([behind.phone]);

    const view = (await request(civicLine.app).get('/api/staff/callbacks').set('Authorization', `Bearer ${AGENT_TOKEN}`)).body;
    expect(view.callbacks.find((c: { id: string }) => c.id === id)).toMatchObject({ state: 'cancelled', attempts: [] });
  });

  it('"no need to call me anymore, it\'s sorted" (read as another call-back request) offers the same way out', async () => {
    const resident = new TextingResident(civicLine, '+12895551403');
    const id = await queued(resident);

    const offer = await resident.say("no need to call me anymore, it's sorted");
    expect(offer).toMatch(/already in line/);
    expect(await resident.say('1')).not.toBe('');
    expect(await stateOf(id)).toBe('waiting'); // option 1 keeps the place
    await resident.say("no need to call me anymore, it's sorted");
    await resident.say('2');
    expect(await stateOf(id)).toBe('cancelled');
    expect(twilioApi.calls).toEqual([]);
  });

  it('keeps the place when the resident says no, or answers with something else (which is answered as such)', async () => {
    const resident = new TextingResident(civicLine, '+12895551404');
    const id = await queued(resident);

    // (A bare "cancel" is a carrier opt-out keyword on SMS, like STOP: residents add words.)
    expect(await resident.say('cancel my callback')).toMatch(/cancel it\?/);
    expect(await resident.say('no keep it')).toMatch(/number 1 in line/);
    expect(await stateOf(id)).toBe('waiting');

    await resident.say('pls cancel the call back');
    expect(await resident.say('my reports')).toMatch(/Call back about .* you're number 1 in line/);
    expect(await stateOf(id)).toBe('waiting');
    await agentAvailable();
    await eventually(() => twilioApi.calls.length === 1);
    expect(twilioApi.calls[0].to).toBe(resident.phone);
  });

  it('in French: "annulez le rappel svp", then "oui"', async () => {
    const resident = new TextingResident(civicLine, '+12895551405');
    expect(await resident.say("pouvez-vous me rappeler au sujet de ma facture d'eau")).toContain('Quand');
    let reply = await resident.say('1');
    if (!/Devons-nous vous appeler|appeler au/i.test(reply)) reply = await resident.say("ma facture d'eau");
    await resident.say('1');
    const [active] = await civicLine.callbacks.queue.activeFor(resident.phone);
    expect(active.locale).toBe('fr');

    expect(await resident.say('annulez le rappel svp')).toMatch(/numéro 1/);
    await resident.say('oui');
    expect(await stateOf(active._id)).toBe('cancelled');
  });

  it('by phone: a caller already in line who picks "call-back" from the menu hears their place, keeps it with 1 and cancels with 2', async () => {
    const resident = new TextingResident(civicLine, '+12895551409');
    const id = await queued(resident);
    const call = phoneCall(civicLine.app, resident.phone);
    await call.start();

    const offer = heardText(await call.press('4'));
    expect(offer).toMatch(/already in line .* number 1\b.*cancel it\?/s);
    expect(offer).toMatch(/keep my place, press 1.*cancel it, press 2/s);
    expect(heardText(await call.press('1'))).toMatch(/number 1 in line/); // a 1 pressed once too often keeps the place
    expect(await stateOf(id)).toBe('waiting');
    await call.press('*'); // the main menu
    expect(heardText(await call.press('4'))).toMatch(/cancel it\?/);
    expect(heardText(await call.press('2'))).toMatch(/cancelled/);
    expect(await stateOf(id)).toBe('cancelled');
  });

  it('tells a resident whose call is being placed right now that it is on its way, and lets it through', async () => {
    const resident = new TextingResident(civicLine, '+12895551406');
    const id = await queued(resident);
    await agentAvailable();
    await eventually(() => twilioApi.calls.length === 1);
    expect(await stateOf(id)).toBe('calling');

    const reply = await resident.say('cancel my call back');
    expect(reply).toMatch(/right now/);
    expect(await stateOf(id)).toBe('calling');
  });

  it('a cancellation whose process died before it finished still stops the call (the dispatcher finishes it)', async () => {
    const resident = new TextingResident(civicLine, '+12895551407');
    const id = await queued(resident);
    // The claim a cancellation inserts first, as if its process died right after it.
    await callbackModels(civicLine.database.connection).attempts.create({ _id: attemptId(id, 1), requestId: id, number: 1, agentId: '', agentPhone: '', placedAt: clock.now, owner: 'cancelled', cancelled: true });
    expect(await stateOf(id)).toBe('waiting');

    await agentAvailable();
    await civicLine.callbacks.dispatcher.tick();
    expect(twilioApi.calls).toEqual([]);
    expect(await stateOf(id)).toBe('cancelled');
  });

  it('a cancellation that runs twice (a repeated delivery) cancels once and answers the same', async () => {
    const resident = new TextingResident(civicLine, '+12895551408');
    const id = await queued(resident);
    const request = (await civicLine.callbacks.queue.find(id))!;
    expect(await Promise.all([civicLine.callbacks.queue.cancel(request), civicLine.callbacks.queue.cancel(request)])).toEqual(['cancelled', 'cancelled']);
    expect(await stateOf(id)).toBe('cancelled');
    await agentAvailable();
    await civicLine.callbacks.dispatcher.tick();
    expect(twilioApi.calls).toEqual([]);
  });

  it.each([
    ['asap', '+12895551511', 'soonest'],
    ['as soon as u can', '+12895551512', 'soonest'],
    ['tomorrow morning', '+12895551513', 'tuesday morning'],
    ['this afternoon pls', '+12895551514', 'afternoon'],
  ])('takes "%s" as an answer to "when should we call you?"', async (when, phone, meant) => {
    const resident = new TextingResident(civicLine, phone);
    expect(await resident.say('can someone call me back about my water bill')).toContain('When should we call you?');
    const reply = await resident.say(when);
    expect(reply).not.toMatch(/didn't catch that/);
    if (!reply.includes('Should we call you at')) await resident.say('my water bill');
    await resident.say('1');
    const [request] = await civicLine.callbacks.queue.activeFor(resident.phone);
    // Toronto is UTC-5 in January.
    const from = request.window && new Date(request.window.from.getTime() - 5 * 3600_000);
    if (meant === 'soonest') expect(request.window).toBeUndefined();
    if (meant === 'tuesday morning') expect([from?.getUTCDay(), from?.getUTCHours()]).toEqual([2, 8]);
    if (meant === 'afternoon') expect(from?.getUTCHours()).toBeGreaterThanOrEqual(12);
  });

  it.each([
    ['I want to talk to a real person', undefined],
    ['can someone call me back please', undefined],
    ["je voudrais parler à une vraie personne svp", undefined],
    ['can someone call me back about my water bill', 'can someone call me back about my water bill'],
  ])('keeps "%s" as the call-back topic only when it says what it is about', async (ask, topic) => {
    const resident = new TextingResident(civicLine, `+1289555160${ask.length % 10}`);
    // Whatever is asked: the first option of a menu, or a few words about the subject.
    let reply = await resident.say(ask);
    for (let turn = 0; turn < 6 && !/line|file d'attente/.test(reply); turn++) reply = await resident.say(/\n1\. /.test(reply) ? '1' : 'my property tax');
    const [request] = await civicLine.callbacks.queue.activeFor(resident.phone);
    expect(request.topic).toBe(topic ?? 'my property tax');
  });
});

