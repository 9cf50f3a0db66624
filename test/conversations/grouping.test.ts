import { CivicLine } from '../../app/createCivicLine';
import { CaseRecord } from '../../cases/CaseModel';
import { DirectLineResident } from '../support/directLineClient';
import { testDatabaseUri } from '../support/database';
import { heardText, phoneCall } from '../support/phoneCall';
import { WebServer } from '../support/webChatHarness';
import { Resident } from './resident';

const CASE_NUMBER = /case number is (\d{8})/;
const OFFER = 'This looks already reported';

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
    server = await WebServer.start('grouping');
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
});
