import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CivicLine } from '../../app/createCivicLine';
import { CaseRecord } from '../../cases/CaseModel';
import { addDays, instantAt, localTime } from '../../hours/cityClock';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { testDatabaseUri } from '../support/database';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { textsQueuedFor } from '../support/outbox';
import { potholeReport } from '../support/reports';
import { waitFor } from '../support/waitFor';

const ZONE = 'America/Toronto';
const DAY_MS = 24 * 60 * 60_000;

/** hh:mm in the city `days` after today (always ahead of the real clock, so turns recorded now come before it). */
function cityTime(days: number, hours: number, minutes = 0): Date {
  const date = addDays(localTime(new Date(), ZONE), days);
  return instantAt(date.year, date.month, date.day, hours * 60 + minutes, ZONE);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CivicLine on a real port (web chat), its Twilio calls going to a local stand-in, on a clock the test sets. */
async function start(label: string, env: Record<string, string>, clock: () => Date, databaseUri = testDatabaseUri(label), twilioApi = new FakeTwilioApi(), running?: string) {
  const apiBaseUrl = running ?? (await twilioApi.start());
  const civicLine = await startCivicLine(label, { TWILIO_API_BASE_URL: apiBaseUrl, TWILIO_TIMEOUT_MS: '1000', DIRECTLINE_STREAM_POLL_MS: '100', ...env }, databaseUri, { clock });
  const server = createServer(civicLine.app);
  civicLine.attach(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline`;
  return { civicLine, twilioApi, server, baseUrl };
}

async function stop(started: { civicLine: CivicLine; server: Server }): Promise<void> {
  started.civicLine.closeLiveConnections();
  started.server.closeAllConnections();
  await new Promise<void>((resolve) => started.server.close(() => resolve()));
  await started.civicLine.close();
}

/** What a browser does: a conversation for this resident (the key it kept, if any). */
async function webResident(baseUrl: string, residentKey?: string) {
  const response = await fetch(`${baseUrl}/tokens/generate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(residentKey ? { residentKey } : {}) });
  return (await response.json()) as { conversationId: string; token: string; userId: string; residentKey: string };
}

/** The bot's messages in a web conversation, as the browser reads them (polling with its token). */
async function botMessages(baseUrl: string, chat: { conversationId: string; token: string }): Promise<string[]> {
  const response = await fetch(`${baseUrl}/conversations/${chat.conversationId}/activities`, { headers: { Authorization: `Bearer ${chat.token}` } });
  const body = (await response.json()) as { activities: { type: string; from: { role?: string; id: string }; text?: string }[] };
  return body.activities.filter((a) => a.type === 'message' && a.from.id !== (chat as { userId?: string }).userId && a.text).map((a) => a.text ?? '');
}

async function addReporter(civicLine: CivicLine, number: string, reporter: { channel: string; address: string; locale: string; conversation: object }) {
  await civicLine.database.connection
    .collection('cases')
    .updateOne({ _id: number as never }, { $push: { reporters: { ...reporter, reportedAt: new Date() } } as never, $inc: { reporterCount: 1 } });
}

const texts = (twilioApi: FakeTwilioApi, phone: string) => twilioApi.to(phone).map((m) => m.body);

describe('every subscriber told, once, in their language, on their channel', () => {
  let now = cityTime(1, 10);
  let app: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    app = await start('notices', { QUIET_HOURS: '21:00-08:00' }, () => now);
  });
  afterAll(async () => {
    await stop(app);
    await app.twilioApi.stop();
  });
  afterEach(() => {
    app.twilioApi.behaviour = 'accept';
    now = cityTime(1, 10);
  });

  it('a status change reaches SMS (English, French), a phone reporter by text and web chat, once each; an opted-out number gets nothing', async () => {
    const { civicLine, twilioApi, baseUrl } = app;
    const opened = await civicLine.cases.open(potholeReport('+12895550701'));
    await addReporter(civicLine, opened.number, { ...potholeReport('+12895550702', 'fr').reporter });
    await addReporter(civicLine, opened.number, { channel: 'voice', address: '+12895550703', locale: 'en', conversation: { conversation: { id: 'call:CA1' } } });
    twilioApi.lineTypes.set('+12895550705', 'landline');
    await addReporter(civicLine, opened.number, { channel: 'voice', address: '+12895550705', locale: 'en', conversation: { conversation: { id: 'call:CA2' } } });
    const chat = await webResident(baseUrl);
    await addReporter(civicLine, opened.number, { channel: 'webchat', address: chat.userId, locale: 'fr', conversation: { conversation: { id: chat.conversationId } } });
    const stopped = new TextingResident(civicLine, '+12895550704');
    await stopped.send('STOP');
    await addReporter(civicLine, opened.number, { ...potholeReport('+12895550704').reporter });

    await civicLine.cases.moveStatus(opened.number, { status: 'in_progress' }, { by: 'Alex Chen' });

    await waitFor(() => ['+12895550701', '+12895550702', '+12895550703'].every((p) => twilioApi.to(p).length === 1), 'each text reached Twilio');
    await waitFor(async () => (await botMessages(baseUrl, chat)).some((m) => m.includes(opened.number)), 'the web chat notice');
    await pause(1500); // nothing more comes
    expect(texts(twilioApi, '+12895550701')).toEqual([expect.stringContaining(`Update on your report ${opened.number} (Pothole at 123 Main St): Work in progress.`)]);
    expect(texts(twilioApi, '+12895550702')).toEqual([expect.stringContaining(`Mise à jour de votre signalement ${opened.number}`)]);
    expect(texts(twilioApi, '+12895550703')).toEqual([expect.stringContaining(`Update on your report ${opened.number}`)]);
    expect(twilioApi.to('+12895550704')).toEqual([]);
    expect(await textsQueuedFor(civicLine, '+12895550705')).toEqual([]); // a landline caller: nothing by text
    expect(await textsQueuedFor(civicLine, '+12895550704')).toEqual([]);
    // The browser coming back to its conversation (its kept token, as the page does after a reload) reads it, in French.
    const seen = (await botMessages(baseUrl, chat)).filter((m) => m.includes(opened.number));
    expect(seen).toEqual([expect.stringContaining('Mise à jour de votre signalement')]);
    // A chat window reads its own wording: "Envoyez", never "Textez" (the texts say "Textez").
    expect(seen[0]).toContain('Envoyez');
    expect(seen[0]).not.toContain('Textez');
    expect(texts(twilioApi, '+12895550702')[0]).toContain('Textez');
    // Next week (the token long expired), the page starts a new conversation with the resident key it kept: the
    // notice is there too, once.
    const back = await webResident(baseUrl, chat.residentKey);
    expect(back.conversationId).not.toBe(chat.conversationId);
    expect((await botMessages(baseUrl, back)).filter((m) => m.includes(opened.number))).toEqual([expect.stringContaining('Mise à jour de votre signalement')]);
    // Once they have written, a later visit does not show it again.
    await fetch(`${baseUrl}/conversations/${back.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${back.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: back.userId }, text: 'merci' }),
    });
    await waitFor(async () => (await botMessages(baseUrl, back)).length >= 2, 'the answer to merci');
    const third = await webResident(baseUrl, chat.residentKey);
    expect((await botMessages(baseUrl, third)).filter((m) => m.includes(opened.number))).toEqual([]);
  });

  it('holds texts in quiet hours and combines two changes into one morning text; web chat is told at once', async () => {
    const { civicLine, twilioApi, baseUrl } = app;
    const opened = await civicLine.cases.open(potholeReport('+12895550711'));
    const chat = await webResident(baseUrl);
    await addReporter(civicLine, opened.number, { channel: 'webchat', address: chat.userId, locale: 'en', conversation: { conversation: { id: chat.conversationId } } });
    now = cityTime(1, 22, 30);

    await civicLine.cases.moveStatus(opened.number, { status: 'in_progress' }, { by: 'Alex Chen' });
    now = cityTime(1, 23, 10);
    await civicLine.cases.moveStatus(opened.number, { status: 'closed', reason: 'fixed' }, { by: 'Alex Chen' });

    await waitFor(async () => (await botMessages(baseUrl, chat)).filter((m) => m.includes(opened.number)).length === 2, 'both web chat notices');
    await pause(1000);
    expect(twilioApi.to('+12895550711')).toEqual([]);
    expect((await civicLine.notices.held.waiting()).filter((n) => n.to === '+12895550711')).toHaveLength(2);

    now = cityTime(2, 7, 59);
    expect(await civicLine.notices.releaseHeld()).toBe(0);
    now = cityTime(2, 8, 1);
    // Two processes (or two sweeps) releasing at once: one text.
    await Promise.all([civicLine.notices.releaseHeld(), civicLine.notices.releaseHeld()]);
    await civicLine.notices.releaseHeld();
    await waitFor(() => twilioApi.to('+12895550711').length === 1, 'the morning text');
    await pause(1500);
    const [morning] = texts(twilioApi, '+12895550711');
    expect(twilioApi.to('+12895550711')).toHaveLength(1);
    expect(morning).toContain(`Case ${opened.number} (Pothole at 123 Main St): now Work in progress, then Closed: fixed.`);
    expect(morning).toContain('Reply with a number from 1 (poor) to 5 (excellent)');
    // The chat read the closure with the chat wording of the question.
    expect((await botMessages(baseUrl, chat)).join('\n')).toContain('Send a number from 1 (poor) to 5');
  });

  it('a public note reaches each subscriber once; an internal note reaches nobody', async () => {
    const { civicLine, twilioApi } = app;
    const opened = await civicLine.cases.open(potholeReport('+12895550715'));
    await addReporter(civicLine, opened.number, { ...potholeReport('+12895550716', 'fr').reporter });

    await civicLine.cases.addNote(opened.number, 'Crew booked for Thursday', true, { by: 'Alex Chen' });
    await civicLine.cases.addNote(opened.number, 'reporter called twice', false, { by: 'Alex Chen' });

    await waitFor(() => twilioApi.to('+12895550715').length === 1 && twilioApi.to('+12895550716').length === 1, 'the note texted');
    await pause(1000);
    expect(texts(twilioApi, '+12895550715')).toEqual([expect.stringContaining('Crew booked for Thursday')]);
    expect(texts(twilioApi, '+12895550716')).toEqual([expect.stringContaining('Mise à jour de votre signalement')]);
    expect([...texts(twilioApi, '+12895550715'), ...texts(twilioApi, '+12895550716')].join()).not.toContain('called twice');
  });

  it('texts an urgent case at once, even in quiet hours', async () => {
    const { civicLine, twilioApi } = app;
    const opened = await civicLine.cases.open({ ...potholeReport('+12895550721'), category: 'traffic_signal' });
    now = cityTime(1, 23);
    await civicLine.cases.moveStatus(opened.number, { status: 'in_progress' }, { by: 'Alex Chen' });
    await waitFor(() => twilioApi.to('+12895550721').length === 1, 'the urgent text');
  });

  it('a Twilio outage delays a notice but neither loses nor doubles it', async () => {
    const { civicLine, twilioApi } = app;
    twilioApi.behaviour = 'fail';
    const opened = await civicLine.cases.open(potholeReport('+12895550731'));
    await civicLine.cases.moveStatus(opened.number, { status: 'scheduled' }, { by: 'Alex Chen' });
    const before = twilioApi.attempts;
    await waitFor(() => twilioApi.attempts >= before + 2, 'retries while Twilio fails');
    expect(twilioApi.to('+12895550731')).toEqual([]);
    twilioApi.behaviour = 'accept';
    await waitFor(() => twilioApi.to('+12895550731').length === 1, 'sent once Twilio is back', 20_000);
    await pause(1500);
    expect(twilioApi.to('+12895550731')).toHaveLength(1);
  });

  it('"pas réglé" after a closure reopens the case, staff see why, and the other subscriber is told', async () => {
    const { civicLine, twilioApi } = app;
    const opened = await civicLine.cases.open(potholeReport('+12895550741'));
    await addReporter(civicLine, opened.number, { ...potholeReport('+12895550742', 'fr').reporter });
    await civicLine.cases.moveStatus(opened.number, { status: 'closed', reason: 'fixed' }, { by: 'Alex Chen' });
    await waitFor(() => twilioApi.to('+12895550741').length === 1 && twilioApi.to('+12895550742').length === 1, 'closure notices');
    expect(texts(twilioApi, '+12895550742')[0]).toContain('Le problème a été réglé.');

    const resident = new TextingResident(civicLine, '+12895550742');
    const reply = await resident.say("non c'est toujours pas réglé, le trou est encore là");

    expect(reply).toContain(`Le dossier ${opened.number}`);
    expect(reply).toContain('rouvert');
    const record = (await civicLine.cases.findByNumber(opened.number)) as CaseRecord;
    expect(record.status).toBe('received');
    expect(record.history[record.history.length - 1]).toEqual(expect.objectContaining({ status: 'received', by: 'resident' }));
    expect(record.audit[record.audit.length - 1]).toEqual(expect.objectContaining({ by: 'resident', action: 'reopen' }));
    expect(record.notes[record.notes.length - 1]).toEqual(expect.objectContaining({ public: false, by: 'resident', text: expect.stringContaining('toujours pas réglé') }));
    await waitFor(() => twilioApi.to('+12895550741').length === 2, 'the other subscriber told');
    expect(texts(twilioApi, '+12895550741')[1]).toContain('A resident told us the problem is not fixed');
    await pause(1000);
    expect(twilioApi.to('+12895550742')).toHaveLength(1); // the reopener had their answer
  });

  it('an emergency in a "not fixed" message gets the 911 answer, not a reopening', async () => {
    const { civicLine } = app;
    const opened = await civicLine.cases.open(potholeReport('+12895550745'));
    await civicLine.cases.moveStatus(opened.number, { status: 'closed', reason: 'fixed' }, { by: 'Alex Chen' });

    const reply = await new TextingResident(civicLine, '+12895550745').say('still not fixed and now a car crashed into it, the driver is hurt and bleeding');

    expect(reply).toContain('911');
    expect((await civicLine.cases.findByNumber(opened.number))?.status).toBe('closed');
  });

  it('"not fixed" more than 14 days after the closure does not reopen, and says what to do', async () => {
    const { civicLine } = app;
    const opened = await civicLine.cases.open(potholeReport('+12895550751'));
    await civicLine.cases.moveStatus(opened.number, { status: 'closed', reason: 'fixed' }, { by: 'Alex Chen' });
    now = new Date(now.getTime() + 15 * DAY_MS);

    const reply = await new TextingResident(civicLine, '+12895550751').say('still there, not fixed');

    expect(reply).toContain(`Case ${opened.number} (Pothole) was closed more than 14 days ago`);
    expect((await civicLine.cases.findByNumber(opened.number))?.status).toBe('closed');
  });

  it('a satisfaction answer after the question is stored and counted per queue; a later "1" is a menu choice again', async () => {
    const { civicLine, twilioApi } = app;
    const before = (await civicLine.notices.satisfaction.perQueue()).find((q) => q.queue === 'roads') ?? { answers: 0, total: 0 };
    const opened = await civicLine.cases.open(potholeReport('+12895550761'));
    await civicLine.cases.moveStatus(opened.number, { status: 'closed', reason: 'fixed' }, { by: 'Alex Chen' });
    await waitFor(() => twilioApi.to('+12895550761').length === 1, 'closure notice');
    expect(texts(twilioApi, '+12895550761')[0]).toContain('How did we do?');
    const resident = new TextingResident(civicLine, '+12895550761');

    expect(await resident.say('4 thanks, quick fix')).toContain(`Thank you for rating case ${opened.number}`);

    const record = (await civicLine.cases.findByNumber(opened.number)) as CaseRecord;
    expect(record.satisfaction).toEqual([expect.objectContaining({ channel: 'sms', address: '+12895550761', score: 4, comment: 'thanks, quick fix' })]);
    const roads = (await civicLine.notices.satisfaction.perQueue()).find((q) => q.queue === 'roads');
    expect(roads).toEqual(expect.objectContaining({ answers: before.answers + 1, total: before.total + 4 }));
    const menu = await resident.say('hi');
    expect(menu).not.toContain('Thank you for rating');
    expect(await resident.say('1')).not.toContain('Thank you for rating');
    expect((await civicLine.cases.findByNumber(opened.number))?.satisfaction).toHaveLength(1);

    // Reopened and closed again: told of both, not asked to rate a case they rated (a second answer is not kept).
    await civicLine.cases.moveStatus(opened.number, { status: 'received' }, { by: 'Alex Chen' });
    await civicLine.cases.moveStatus(opened.number, { status: 'closed', reason: 'fixed' }, { by: 'Alex Chen' });
    await waitFor(() => twilioApi.to('+12895550761').length === 3, 'the reopening and second closure notices');
    expect(texts(twilioApi, '+12895550761')[2]).not.toContain('How did we do?');
  });

  it('a score days after the question is no longer read as its answer', async () => {
    const { civicLine, twilioApi } = app;
    const opened = await civicLine.cases.open(potholeReport('+12895550765'));
    await civicLine.cases.moveStatus(opened.number, { status: 'closed', reason: 'fixed' }, { by: 'Alex Chen' });
    await waitFor(() => twilioApi.to('+12895550765').length === 1, 'closure notice');
    now = new Date(now.getTime() + 4 * DAY_MS);

    expect(await new TextingResident(civicLine, '+12895550765').say('5')).not.toContain('Thank you for rating');
    expect((await civicLine.cases.findByNumber(opened.number))?.satisfaction).toEqual([]);
  });

  it('"my reports" shows the real status, the expected date and the last public note', async () => {
    const { civicLine } = app;
    const opened = await civicLine.cases.open(potholeReport('+12895550771'));
    await civicLine.cases.moveStatus(opened.number, { status: 'scheduled', note: 'Crew booked for Thursday morning', public: true }, { by: 'Alex Chen' });
    await civicLine.cases.addNote(opened.number, 'Asphalt delivery confirmed', true, { by: 'Alex Chen' });
    await civicLine.cases.addNote(opened.number, 'internal: reporter sounds annoyed', false, { by: 'Alex Chen' });

    const reply = await new TextingResident(civicLine, '+12895550771').say('my reports');

    expect(reply).toContain(`Case ${opened.number}`);
    expect(reply).toContain('Status: Scheduled');
    expect(reply).toMatch(/Expected done by|was due by/);
    expect(reply).toContain('Asphalt delivery confirmed');
    expect(reply).not.toContain('internal');
  });
});

describe('without quiet hours (QUIET_HOURS empty)', () => {
  it('texts a change at 11 p.m. at once', async () => {
    const app = await start('noticesNoQuiet', { QUIET_HOURS: '' }, () => cityTime(1, 23));
    try {
      const opened = await app.civicLine.cases.open(potholeReport('+12895550781'));
      await app.civicLine.cases.moveStatus(opened.number, { status: 'in_progress' }, { by: 'Alex Chen' });
      await waitFor(() => app.twilioApi.to('+12895550781').length === 1, 'the text');
    } finally {
      await stop(app);
      await app.twilioApi.stop();
    }
  });
});

describe('across a restart', () => {
  it('a notice held for the morning, and one Twilio refused before the restart, each go out once from the next process', async () => {
    const databaseUri = testDatabaseUri('noticesRestart');
    let now = cityTime(1, 22);
    const twilioApi = new FakeTwilioApi();
    const apiBaseUrl = await twilioApi.start();
    const first = await start('noticesRestart', { QUIET_HOURS: '21:00-08:00' }, () => now, databaseUri, twilioApi, apiBaseUrl);
    const held = await first.civicLine.cases.open(potholeReport('+12895550791'));
    await first.civicLine.cases.moveStatus(held.number, { status: 'scheduled' }, { by: 'Alex Chen' });
    twilioApi.behaviour = 'fail';
    const urgent = await first.civicLine.cases.open({ ...potholeReport('+12895550792'), category: 'traffic_signal' });
    await first.civicLine.cases.moveStatus(urgent.number, { status: 'in_progress' }, { by: 'Alex Chen' });
    await waitFor(() => twilioApi.attempts >= 1, 'Twilio tried');
    await stop(first);

    twilioApi.behaviour = 'accept';
    now = cityTime(2, 8, 30);
    const second = await start('noticesRestart', { QUIET_HOURS: '21:00-08:00' }, () => now, databaseUri, twilioApi, apiBaseUrl);
    try {
      await waitFor(() => twilioApi.to('+12895550792').length === 1, 'the refused text, after the restart', 20_000);
      await second.civicLine.notices.releaseHeld();
      await waitFor(() => twilioApi.to('+12895550791').length === 1, 'the held text, in the morning');
      await pause(1500);
      expect(twilioApi.to('+12895550791')).toHaveLength(1);
      expect(twilioApi.to('+12895550792')).toHaveLength(1);
      expect(texts(twilioApi, '+12895550791')[0]).toContain(`Update on your report ${held.number}`);
    } finally {
      await stop(second);
      await twilioApi.stop();
    }
  });
});
