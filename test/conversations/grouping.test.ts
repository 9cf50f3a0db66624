import { CivicLine } from '../../app/createCivicLine';
import { CaseRecord } from '../../cases/CaseModel';
import { startCivicLine } from '../support/civicLineHarness';
import { DirectLineResident } from '../support/directLineClient';
import { testDatabaseUri } from '../support/database';
import { heardText, phoneCall } from '../support/phoneCall';
import { WebServer } from '../support/webChatHarness';
import { textsQueuedFor } from '../support/outbox';
import { waitFor } from '../support/waitFor';
import { answerOf as topicAnswer, Resident } from './resident';

const CASE_NUMBER = /case number is (\d{8})/;
const OFFER = 'This looks already reported';
/** Production's default (testConfig turns it off for the tests written before grouping). */
const GROUPING = { CASE_GROUPING: 'true' };

function caseNumberIn(text: string): string {
  const number = CASE_NUMBER.exec(text)?.[1] ?? /numéro de dossier est le (\d{8})/.exec(text)?.[1];
  if (!number) throw new Error(`No case number in: ${text}`);
  return number;
}

/** A resident texting a first message and answering whatever is asked until the report is filed. */
async function reportBySms(resident: Resident, first: string, answerToOffer = 'yes'): Promise<{ replies: string[]; number: string }> {
  const replies = [await resident.say(first)];
  for (let turn = 0; turn < 4; turn++) {
    const last = replies[replies.length - 1];
    if (CASE_NUMBER.test(last) || /numéro de dossier est le \d{8}/.test(last) || /already reported this one|déjà signalé ce problème/.test(last)) break;
    const offered = /already reported:|déjà signalé :/.test(last);
    const french = /Répondez/.test(last);
    replies.push(await resident.say(offered ? answerToOffer : french ? 'oui' : 'yes'));
  }
  const all = replies.join('\n\n');
  return { replies, number: /already reported this one: case (\d{8})/.exec(all)?.[1] ?? caseNumberIn(replies[replies.length - 1]) };
}

describe('one problem, one case', () => {
  let server: WebServer;
  let civicLine: CivicLine;
  beforeAll(async () => {
    server = await WebServer.start('grouping', GROUPING);
    civicLine = server.civicLine;
  });
  afterAll(() => server.stop());

  const subscribers = (record: CaseRecord | null) => record?.reporters.map((r) => r.address) ?? [];

  it('five residents report the same abandoned car at 12 Oak Street by text, in French, in web chat and by phone: one case, five subscribers', async () => {
    const first = new Resident(civicLine);
    const opened = await reportBySms(first, "There's an abandoned car at 12 Oak Street, it hasn't moved in three weeks");
    expect(opened.replies.join('\n')).not.toContain(OFFER);
    const number = opened.number;

    const second = new Resident(civicLine);
    const joined = await reportBySms(second, 'abandoned car parked at 12 Oak St for weeks, flat tires');
    expect(joined.replies[0]).toContain(`${OFFER}: Abandoned vehicle at 12 Oak St, case ${number}, Received. Is it the same? Reply YES`);
    expect(joined.number).toBe(number);
    expect(joined.replies[joined.replies.length - 1]).toContain(`Your report was added to case ${number}`);

    const french = new Resident(civicLine);
    const frenchReplies = await reportBySms(french, 'Il y a une voiture abandonnée au 12 rue Oak depuis des semaines', 'oui');
    expect(frenchReplies.replies[0]).toContain(`Cela semble déjà signalé : Véhicule abandonné`);
    expect(frenchReplies.replies[0]).toContain(`dossier ${number}`);
    expect(frenchReplies.number).toBe(number);

    const chat = await DirectLineResident.join(server, { webSocket: false });
    const offer = await chat.say('an abandoned car at 12 Oak Street, the windows are smashed');
    const offerText = offer.map((a) => a.text ?? '').join('\n');
    expect(offerText).toContain(`${OFFER}: Abandoned vehicle at 12 Oak St, case ${number}`);
    const buttons = offer.flatMap((a) => a.suggestedActions?.actions ?? []);
    expect(buttons.map((b) => b.title)).toEqual(['Yes', 'No']);
    const yes = buttons[0];
    const chatDone = await chat.sayText(String(yes.title), { value: yes.value });
    expect(chatDone).toContain(`Your report was added to case ${number}`);
    chat.end();

    const caller = '+12895550977';
    const call = phoneCall(civicLine.app, caller);
    await call.start();
    await call.press('1');
    await call.say('abandoned car');
    await call.say('12 Oak Street');
    let heard = heardText(await call.say('yes'));
    if (!heard.includes(OFFER)) heard = heardText(await call.say('a grey sedan with no plates'));
    expect(heard).toContain(OFFER);
    expect(heard).toContain('press 1 to add your report to it');
    const done = heardText(await call.press('1'));
    expect(done).toMatch(/Your case number is/);

    const record = await civicLine.cases.findByNumber(number);
    expect(record?.reporterCount).toBe(5);
    expect(subscribers(record)).toEqual([first.phone, second.phone, french.phone, chat.userId, caller]);
    expect(record?.reporters.map((r) => [r.channel, r.locale])).toEqual([
      ['sms', 'en'],
      ['sms', 'en'],
      ['sms', 'fr'],
      ['webchat', 'en'],
      ['voice', 'en'],
    ]);
    expect(record?.evidence).toHaveLength(5);
    expect(record?.evidence[4].description).toMatch(/grey sedan|abandoned car/);
    expect(record?.audit.filter((a) => a.action === 'join')).toHaveLength(4);
    // Severity 3; one level more urgent per 3 reporters.
    expect(record?.priority).toBe(2);
    expect(await first.cases()).toHaveLength(1);
  });

  it('a resident who says it is not the same gets a new case, read back and confirmed as usual', async () => {
    const { number } = await reportBySms(new Resident(civicLine), 'pothole in front of 50 Elm St, deep one');
    const resident = new Resident(civicLine);
    const offer = await resident.say('there is a pothole at 50 Elm Street');
    expect(offer).toContain(`${OFFER}: Pothole at 50 Elm St, case ${number}, Received.`);
    // A question in passing is answered, and the offer asked again.
    const aside = await resident.say('how much is a dog licence?');
    expect(aside).toContain(topicAnswer('dog-licence'));
    expect(aside).toContain(`case ${number}`);
    const readBack = await resident.say('no');
    expect(readBack).toContain('OK, yours will be a new report.');
    expect(readBack).toContain('Please check: Pothole at 50 Elm St');
    const filed = caseNumberIn(await resident.say('yes'));
    expect(filed).not.toBe(number);
    expect((await civicLine.cases.findByNumber(number))?.reporterCount).toBe(1);
    expect(subscribers(await civicLine.cases.findByNumber(filed))).toEqual([resident.phone]);
  });

  it('offers a pothole 16 m away, but not one 200 m away on the same street', async () => {
    const { number } = await reportBySms(new Resident(civicLine), 'pothole at 12 Oak Street, a big one');
    expect(await new Resident(civicLine).say('pothole at 14 Oak Street, a big one')).toContain(`case ${number}`);
    const far = new Resident(civicLine);
    const readBack = await far.say('pothole at 38 Oak Street, a big one');
    expect(readBack).not.toContain(OFFER);
    expect(readBack).toContain('Please check: Pothole at 38 Oak St');
    expect(caseNumberIn(await far.say('yes'))).not.toBe(number);
  });

  it('never offers residents their own case back: they are told they reported it already', async () => {
    const resident = new Resident(civicLine);
    const { number } = await reportBySms(resident, 'graffiti on the wall at 20 Queen St');
    const again = await resident.say('graffiti on the wall at 20 Queen Street');
    expect(again).toContain(`You already reported this one: case ${number}, Received.`);
    expect(again).not.toContain(OFFER);
    expect(await resident.cases()).toHaveLength(1);
    expect((await civicLine.cases.findByNumber(number))?.reporterCount).toBe(1);
  });

  it('a case opened in web chat is offered to a texter, and one opened by phone to a chat resident', async () => {
    const chat = await DirectLineResident.join(server, { webSocket: false });
    expect(await chat.sayText('streetlight out at 30 Victoria St, dark all night')).toContain('Please check');
    const chatCase = caseNumberIn(await chat.sayText('yes'));
    chat.end();
    const texter = new Resident(civicLine);
    expect((await reportBySms(texter, 'the streetlight at 30 Victoria Street is out')).number).toBe(chatCase);
    expect(subscribers(await civicLine.cases.findByNumber(chatCase))).toEqual([chat.userId, texter.phone]);

    const caller = '+12895550978';
    const call = phoneCall(civicLine.app, caller);
    await call.start();
    await call.press('1');
    await call.say('graffiti');
    await call.say('60 Church Street');
    let heard = heardText(await call.say('yes'));
    if (!/Here is your report/.test(heard)) heard = heardText(await call.say('spray paint all over the wall'));
    const phoneCase = /case number is ((?:\d[ ,]*){8})/.exec(heardText(await call.say('yes')))?.[1]?.replace(/\D/g, '');
    expect(phoneCase).toMatch(/^\d{8}$/);
    const other = await DirectLineResident.join(server, { webSocket: false });
    const offer = await other.say('graffiti at 60 Church St');
    expect(offer.map((a) => a.text).join('\n')).toContain(`case ${phoneCase}`);
    expect(await other.sayText('Yes')).toContain(`Your report was added to case ${phoneCase}`);
    other.end();
    expect(subscribers(await civicLine.cases.findByNumber(phoneCase!))).toEqual([caller, other.userId]);
  });

  it('ten residents texting about the same car in the same second end in one case with ten subscribers', async () => {
    const residents = Array.from({ length: 10 }, () => new Resident(civicLine));
    const readBacks = await Promise.all(residents.map((r) => r.say('abandoned car at 100 Birch Rd, no plates, been there a month')));
    // Nobody had reported it yet: each was read their report back.
    for (const text of readBacks) expect(text).toContain('Please check: Abandoned vehicle at 100 Birch Rd');
    const answers = await Promise.all(residents.map((r) => answerOf(civicLine, r, 'yes')));
    const numbers = new Set(answers.map(caseNumberIn));
    expect(numbers.size).toBe(1);
    expect(answers.filter((a) => a.includes('Someone reported this just before you'))).toHaveLength(9);
    const [number] = numbers;
    const record = await civicLine.cases.findByNumber(number);
    expect(new Set(subscribers(record))).toEqual(new Set(residents.map((r) => r.phone)));
    expect(record?.reporterCount).toBe(10);
    expect(record?.evidence).toHaveLength(10);
    expect(record?.priority).toBe(1);
  });
});

describe('one problem, one case across two server processes', () => {
  let processes: CivicLine[];
  beforeAll(async () => {
    const databaseUri = testDatabaseUri('groupingTwoProcesses');
    processes = [await startCivicLine('groupingTwoProcesses', GROUPING, databaseUri), await startCivicLine('groupingTwoProcesses', GROUPING, databaseUri)];
  });
  afterAll(async () => {
    for (const civicLine of processes) await civicLine.close();
  });

  it('ten residents texting about the same car at once, served by two processes, end in one case with ten subscribers', async () => {
    // Each text reaches one process or the other, as behind a load balancer.
    const residents = Array.from({ length: 10 }, (_, i) => new Resident(processes[i % 2]));
    const readBacks = await Promise.all(residents.map((r) => r.say('abandoned vehicle at 150 Main St, rusted, no plates')));
    for (const text of readBacks) expect(text).toContain('Please check: Abandoned vehicle at 150 Main St');
    const answers = await Promise.all(residents.map((r, i) => answerOf(processes[i % 2], r, 'yes')));
    const numbers = new Set(answers.map(caseNumberIn));
    expect(numbers.size).toBe(1);
    const [number] = numbers;
    for (const civicLine of processes) {
      const record = await civicLine.cases.findByNumber(number);
      expect(new Set(record?.reporters.map((r) => r.address))).toEqual(new Set(residents.map((r) => r.phone)));
      expect(record?.reporterCount).toBe(10);
    }
  });
});

/** The answer to a text: in the webhook's reply, or texted a moment later when the turn ran past its deadline. */
async function answerOf(civicLine: CivicLine, resident: Resident, text: string): Promise<string> {
  const reply = await resident.send(text);
  expect(reply.status).toBe(200);
  if (reply.replies.length > 0) return reply.replies.join('\n\n');
  await waitFor(async () => (await textsQueuedFor(civicLine, resident.phone)).some((t) => CASE_NUMBER.test(t)), 'the late answer');
  return (await textsQueuedFor(civicLine, resident.phone)).filter((t) => CASE_NUMBER.test(t)).join('\n\n');
}
