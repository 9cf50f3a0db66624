import { i18n, TFunction } from 'i18next';
import { Connection, Model, Schema } from 'mongoose';
import { CaseRecord, Reporter } from '../cases/CaseModel';
import { StatusChangeListener } from '../cases/StatusChangeListener';
import { PublicNoteListener } from '../cases/PublicNoteListener';
import { isDuplicateKey } from '../db/duplicateKey';
import { EnqueueResult, Outbox } from '../outbox/Outbox';
import { noteNotice, statusNotice } from './statusNotice';
import { NoticeDelivery } from './NoticeDelivery';
import { DeliveryResult } from './SubscriberNotice';
import { noticeStep, surveyQuestion } from './noticeParts';
import { PlaceReader } from '../understanding/Understanding';

/** "Entry `index` of case `number`'s history is being written; its reporters are owed a notice." */
interface OwedNotice {
  _id: string;
  number: string;
  index: number;
  at: Date;
  /** A public note's notice (index into notes) rather than a status change's (index into history). */
  kind?: 'note';
}

export type NoticeResult = EnqueueResult | DeliveryResult | 'no_channel' | 'not_textable';

export interface CaseNotifierOptions {
  outbox: Outbox;
  i18n: i18n;
  defaultLocale: string;
  /** Which outbox channel reaches a reporter (default: the channel they reported on). */
  channelFor?: (reporter: Reporter) => string;
  /** The words of a language as that channel shows them (a chat window reads "send", not "text"); default: plain. */
  wordingFor?: (locale: string, channel: string) => TFunction;
  log: (message: string, error?: unknown) => void;
  /** Places in the reporter's language ("45, rue Elm"); without it, the town's own text. */
  places?: Pick<PlaceReader, 'label'>;
  /** A notice owed this long for a change that never got written belongs to a crashed change: dropped. */
  abandonAfterMs?: number;
  /** Quiet hours and the satisfaction question (without it, every notice is queued at once). */
  delivery?: NoticeDelivery;
  /** Whether a phone reporter's number takes texts (Twilio Lookup): a landline is not texted their notices. */
  canText?: (phone: string) => Promise<boolean>;
}

/**
 * Tells every reporter of a case, in their own language and on their own channel, each time its status changes,
 * through the outbox. The notice is owed durably before the change is written and keyed per history entry and
 * reporter, so after any crash a re-run (sweep) notifies each reporter once.
 */
export class CaseNotifier implements StatusChangeListener, PublicNoteListener {
  private readonly owed: Model<OwedNotice>;

  constructor(
    connection: Connection,
    private readonly options: CaseNotifierOptions,
  ) {
    this.owed =
      connection.models.caseNoticesOwed ??
      connection.model<OwedNotice>(
        'caseNoticesOwed',
        new Schema<OwedNotice>({ _id: String, number: String, index: Number, at: Date, kind: String }, { versionKey: false }),
        'caseNoticesOwed',
      );
  }

  async prepare(number: string, index: number): Promise<void> {
    try {
      await this.owed.create({ _id: owedId(number, index), number, index, at: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** The change is written: queue the notices now. If that fails, the sweep queues them later. */
  async changed(record: CaseRecord, index: number): Promise<void> {
    try {
      await this.notify(record, index);
    } catch (error) {
      this.options.log(`Case ${record.number}: status notices not queued yet (the sweep will)`, error);
    }
  }

  async prepareNote(number: string, index: number): Promise<void> {
    try {
      await this.owed.create({ _id: owedNoteId(number, index), number, index, at: new Date(), kind: 'note' });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** A public note is written: queue it to every subscriber now. If that fails, the sweep queues it later. */
  async noteAdded(record: CaseRecord, index: number): Promise<void> {
    try {
      await this.notifyNote(record, index);
    } catch (error) {
      this.options.log(`Case ${record.number}: note notices not queued yet (the sweep will)`, error);
    }
  }

  /** Queues public note `index` for each subscriber, keyed per note and subscriber (a retry sends nothing twice). */
  async notifyNote(record: CaseRecord, index: number): Promise<Map<string, NoticeResult>> {
    const note = record.notes[index];
    const results = note?.public
      ? await this.toEachReporter(record, `note:${index}`, 'public note', (t, location) => noteNotice(t, record, note.text, location), (t) =>
          t('notice.stepNote', { note: note.text }),
        )
      : new Map<string, NoticeResult>();
    await this.owed.deleteOne({ _id: owedNoteId(record.number, index) });
    return results;
  }

  /** Queues the notice of history entry `index` for each reporter; what each enqueue said, by reporter address. */
  async notify(record: CaseRecord, index: number): Promise<Map<string, NoticeResult>> {
    const change = record.history[index];
    if (!change) return new Map();
    // A resident who reopened the case has their answer already: the others are told.
    const reopener = record.audit.find((a) => a.action === 'reopen' && a.by === 'resident' && a.details?.historyIndex === index)?.details;
    const results = await this.toEachReporter(
      record,
      `status:${index}`,
      'status change',
      (t, location) => statusNotice(t, record, change, location),
      (t) => noticeStep(t, change),
      {
        skip: (_channel, address) => typeof reopener?.reporter === 'number' && record.reporters[reopener.reporter]?.address === address,
        survey: change.status === 'closed' && change.reason !== 'duplicate' && index === record.history.length - 1 ? surveyQuestion : undefined,
      },
    );
    await this.owed.deleteOne({ _id: owedId(record.number, index) });
    return results;
  }

  /** One notice per subscriber (a resident who reported twice gets one), in their language, on their channel. */
  private async toEachReporter(
    record: CaseRecord,
    what: string,
    reason: string,
    text: (t: TFunction, location: string) => string,
    step: (t: TFunction) => string,
    extra: { skip?: (channel: string, address: string) => boolean; survey?: (t: TFunction, channel: string) => string } = {},
  ): Promise<Map<string, NoticeResult>> {
    const results = new Map<string, NoticeResult>();
    for (const reporter of record.reporters) {
      const channel = this.options.channelFor?.(reporter) ?? reporter.channel;
      const who = `${channel}:${reporter.address}`;
      if (results.has(who)) continue; // the same resident reported twice: one notice
      if (extra.skip?.(channel, reporter.address)) continue;
      // Reached on another channel than they reported on (a caller, by text): only if that number takes texts.
      if (channel !== reporter.channel && this.options.canText && !(await this.options.canText(reporter.address))) {
        results.set(who, 'not_textable');
        continue;
      }
      if (!this.options.outbox.hasTransport(channel)) {
        this.options.log(`Case ${record.number}: no way to reach a reporter on channel "${channel}"`);
        results.set(who, 'no_channel');
        continue;
      }
      const locale = reporter.locale || this.options.defaultLocale;
      const t = this.options.wordingFor?.(locale, channel) ?? this.options.i18n.getFixedT(locale);
      const location = this.options.places?.label(record.location, locale, t) ?? record.location.text;
      const notice = {
        key: `case:${record.number}:${what}:${who}`,
        channel,
        to: reporter.address,
        reference: reporter.conversation,
        text: text(t, location),
        reason,
      };
      const queued = this.options.delivery
        ? await this.options.delivery.deliver({
            ...notice,
            locale,
            caseNumber: record.number,
            heading: t('notice.heading', { number: record.number, category: t(`category.${record.category}`), location }),
            step: step(t),
            urgent: record.severity === 1,
            // One answer per subscriber is kept: one who rated the case is not asked again after a reopening.
            survey: record.satisfaction?.some((s) => s.address === reporter.address) ? undefined : extra.survey?.(t, channel),
          })
        : await this.options.outbox.enqueue(notice);
      results.set(who, queued);
    }
    return results;
  }

  /**
   * Queues the notices a crash left owed (the change was written, its notices not queued). Safe in every process
   * at once: enqueueing a key twice sends it once.
   */
  async sweep(findCase: (number: string) => Promise<CaseRecord | null>, olderThanMs = 5000): Promise<void> {
    const now = Date.now();
    for (const notice of await this.owed.find({ at: { $lt: new Date(now - olderThanMs) } }).limit(100).lean()) {
      const record = await findCase(notice.number);
      const written = notice.kind === 'note' ? record && record.notes.length > notice.index : record && record.history.length > notice.index;
      if (record && written) await (notice.kind === 'note' ? this.notifyNote(record, notice.index) : this.notify(record, notice.index));
      else if (!record || now - notice.at.getTime() > (this.options.abandonAfterMs ?? 60_000)) await this.owed.deleteOne({ _id: notice._id });
    }
  }
}

function owedId(number: string, index: number): string {
  return `${number}:${index}`;
}

function owedNoteId(number: string, index: number): string {
  return `${number}:note:${index}`;
}
