import path from 'node:path';
import { readFileSync } from 'node:fs';
import i18next, { i18n } from 'i18next';
import { caseModel } from '../../cases/CaseModel';
import { CaseService } from '../../cases/CaseService';
import { Database } from '../../db/Database';
import { CaseNotifier } from '../../notifications/CaseNotifier';
import { Outbox } from '../../outbox/Outbox';
import { Delivery, OutboxTransport } from '../../outbox/OutboxTransport';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { testDatabaseUri } from '../support/database';
import { PROJECT_ROOT } from '../support/paths';
import { potholeReport } from '../support/reports';

/** English from the real locale; a second language with the same keys, to see each reporter get their own. */
async function twoLanguages(): Promise<i18n> {
  const en = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'locales', 'en', 'translation.json'), 'utf8')) as Record<string, unknown>;
  const fr = {
    category: { pothole: 'Nid-de-poule' },
    status: { name: { scheduled: 'Planifié' }, explain: { scheduled: 'Les travaux sont prévus.' }, note: 'Note du personnel : {{note}}' },
    notify: {
      statusChanged: 'Mise à jour de votre signalement {{number}} ({{category}}, {{location}}) : {{status}}.',
      checkAnytime: 'Écrivez « statut {{number}} » pour le suivre.',
    },
  };
  const instance = i18next.createInstance();
  await instance.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false }, initAsync: false, showSupportNotice: false });
  return instance;
}

class RecordingTransport implements OutboxTransport {
  readonly sent: Delivery[] = [];
  async send(delivery: Delivery) {
    this.sent.push(delivery);
    return undefined;
  }
}


describe('CaseNotifier: every reporter is told of each status change, once', () => {
  let database: Database;
  let outbox: Outbox;
  let notifier: CaseNotifier;
  let cases: CaseService;
  const pending = () => database.connection.collection<{ _id: string; to: string; parts: { text: string }[] }>('outbox').find().toArray();

  beforeEach(async () => {
    database = await Database.connect(testDatabaseUri('caseNotifier'));
    outbox = new Outbox(database.connection, { sms: new RecordingTransport() });
    notifier = new CaseNotifier(database.connection, { outbox, i18n: await twoLanguages(), defaultLocale: 'en', log: () => undefined });
    const model = caseModel(database.connection);
    await model.init();
    cases = new CaseService(model, new DatabaseLock(database.connection), () => new Date(), notifier);
  });
  afterEach(() => database.close());

  /** A case reported by two residents, one writing in French (as merging duplicate reports will produce). */
  async function caseWithTwoReporters() {
    const opened = await cases.open(potholeReport('+12895550901'));
    await database.connection
      .collection('cases')
      .updateOne({ _id: opened.number as never }, { $push: { reporters: { ...potholeReport('+12895550902', 'fr').reporter, reportedAt: new Date() } } as never });
    return opened;
  }

  it('queues a notice per reporter, in their own language, naming the case, the new status and the staff note', async () => {
    const opened = await caseWithTwoReporters();

    await cases.changeStatus(opened.number, 'scheduled', 'Crew booked for Thursday');

    const queued = await pending();
    expect(queued.map((m) => m.to).sort()).toEqual(['+12895550901', '+12895550902']);
    const text = (to: string) => queued.find((m) => m.to === to)!.parts.map((p) => p.text).join('');
    expect(text('+12895550901')).toBe(
      `Update on your report ${opened.number} (Pothole at 123 Main St): Scheduled.\nThe work is booked.\nNote from staff: Crew booked for Thursday\nText "status ${opened.number}" anytime to check on it.`,
    );
    expect(text('+12895550902')).toContain(`Mise à jour de votre signalement ${opened.number} (Nid-de-poule, 123 Main St) : Planifié.`);
    expect(text('+12895550902')).toContain('Note du personnel : Crew booked for Thursday');
  });

  it('notifies nobody twice when the notices of one change are queued again (a retry, a sweep), but every change once', async () => {
    const opened = await caseWithTwoReporters();
    const changed = await cases.changeStatus(opened.number, 'scheduled');

    const again = await notifier.notify(changed!, 1);
    expect([...again.values()]).toEqual(['duplicate', 'duplicate']);

    await cases.changeStatus(opened.number, 'resolved');
    const queued = await pending();
    expect(queued).toHaveLength(4);
    expect(new Set(queued.map((m) => m._id)).size).toBe(4);
    expect(queued.map((m) => m._id)).toContain(`case:${opened.number}:status:2:sms:+12895550902`);
  });

  it('queues the notices a crash left owed (change written, notices not queued) when the sweep runs', async () => {
    const opened = await cases.open(potholeReport('+12895550903'));
    const queueNow = jest.spyOn(notifier, 'notify').mockRejectedValueOnce(new Error('process died here'));
    await cases.changeStatus(opened.number, 'in_progress');
    queueNow.mockRestore();
    expect(await pending()).toEqual([]);

    await notifier.sweep((number) => cases.findByNumber(number), 0);

    expect((await pending()).map((m) => m._id)).toEqual([`case:${opened.number}:status:1:sms:+12895550903`]);
    await notifier.sweep((number) => cases.findByNumber(number), 0);
    expect(await pending()).toHaveLength(1);
  });

  it('owes nothing for a change that was never written (the changing process died before writing it)', async () => {
    const opened = await cases.open(potholeReport('+12895550904'));
    await notifier.prepare(opened.number, 1); // then the process died

    await notifier.sweep((number) => cases.findByNumber(number), 0);
    expect(await pending()).toEqual([]);
    // Kept while the change may still be under way; dropped once it surely is not.
    expect(await database.connection.collection('caseNoticesOwed').countDocuments()).toBe(1);
    const dropping = new CaseNotifier(database.connection, { outbox, i18n: await twoLanguages(), defaultLocale: 'en', log: () => undefined, abandonAfterMs: 0 });
    await dropping.sweep((number) => cases.findByNumber(number), 0);
    expect(await database.connection.collection('caseNoticesOwed').countDocuments()).toBe(0);
  });

  it('tells the caller about a reporter it cannot reach, and still notifies the others', async () => {
    const opened = await cases.open(potholeReport('+12895550905'));
    await database.connection
      .collection('cases')
      .updateOne({ _id: opened.number as never }, { $push: { reporters: { channel: 'carrier-pigeon', address: 'loft 7', locale: 'en', conversation: {}, reportedAt: new Date() } } as never });
    const record = (await cases.findByNumber(opened.number))!;

    const results = await notifier.notify({ ...record, history: [...record.history] }, 0);

    expect(Object.fromEntries(results)).toEqual({ 'sms:+12895550905': 'queued', 'carrier-pigeon:loft 7': 'no_channel' });
  });
});
