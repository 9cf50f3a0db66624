import { CaseModel, CaseLocation, CaseRecord, Photo, Reporter } from './CaseModel';
import { CategoryId, Severity, getCategory } from './categories';
import { generateCaseNumber } from './caseNumber';
import { isOpenStatus, STATUS_CODES, StatusCode } from './statuses';
import { DatabaseLock } from '../storage/DatabaseLock';
import { isDuplicateKey } from '../db/duplicateKey';
import { StatusChangeListener } from './StatusChangeListener';
import { JoinResult, MAX_MERGE_HOPS, priorityFor } from './joining';

export interface NewReport {
  category: CategoryId;
  location: CaseLocation;
  description: string;
  photos: Photo[];
  reporter: Omit<Reporter, 'reportedAt'>;
  /** True when the resident's words say it is a hazard now. */
  urgent: boolean;
  /** Unique per submission (e.g. the dialog instance): a retried submission returns the first case. */
  submissionKey: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Open cases a crew works. A referred case is open but another agency (not our crews) handles it. */
const CREW_STATUSES = STATUS_CODES.filter((status) => isOpenStatus(status) && status !== 'referred');

/** The case domain: opening cases, routing them to a crew's queue, status changes and look-ups. */
export class CaseService {
  constructor(
    private readonly cases: CaseModel,
    /** One status change at a time per case, across processes (see changeStatus). */
    private readonly changes: DatabaseLock,
    private readonly clock: () => Date = () => new Date(),
    /** Told of each status change (reporters are notified through it). */
    private readonly statusListener?: StatusChangeListener,
  ) {}

  /** Opens a case; a submission retried with the same key gets the case its first attempt opened. */
  async open(report: NewReport): Promise<CaseRecord> {
    const category = getCategory(report.category);
    const now = this.clock();
    const severity: Severity = report.urgent ? (Math.max(1, category.baseSeverity - 1) as Severity) : category.baseSeverity;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const number = generateCaseNumber();
        const created = await this.cases.create({
          _id: number,
          number,
          category: category.id,
          queue: category.queue,
          severity,
          location: report.location,
          description: report.description,
          photos: report.photos,
          reporters: [{ ...report.reporter, reportedAt: now }],
          status: 'received',
          statusChangedAt: now,
          expectedBy: new Date(now.getTime() + category.targetDays * DAY_MS),
          history: [{ status: 'received', at: now }],
          evidence: [
            { description: report.description, photos: report.photos, channel: report.reporter.channel, locale: report.reporter.locale, reportedAt: now },
          ],
          reporterCount: 1,
          priority: severity,
          notes: [],
          audit: [{ at: now, by: 'resident', action: 'open', details: { channel: report.reporter.channel } }],
          satisfaction: [],
          revision: 0,
          submissionKey: report.submissionKey,
        });
        return this.opened(created.toObject());
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Either the number was taken (draw another) or this submission raced itself (return the winner).
        const winner = await this.cases.findOne({ submissionKey: report.submissionKey }).lean();
        if (winner) return this.opened(winner);
      }
    }
    throw new Error('Could not draw an unused case number after 5 attempts');
  }

  async findByNumber(number: string): Promise<CaseRecord | null> {
    return this.cases.findById(number).lean();
  }

  /** The cases a resident reported from this address (phone number), newest first. */
  async listForReporter(address: string, limit = 5): Promise<CaseRecord[]> {
    return this.cases.find({ 'reporters.address': address }).sort({ createdAt: -1 }).limit(limit).lean();
  }

  /** A crew's open work, most severe first, oldest first within a severity. */
  async queue(queue: string): Promise<CaseRecord[]> {
    return this.cases
      .find({ queue, status: { $in: CREW_STATUSES } })
      .sort({ severity: 1, createdAt: 1 })
      .lean();
  }

  /**
   * FerretDB (the default database) applies an update as a read followed by a whole-document write, so two changes
   * at the same moment would each push onto the history they read and one entry would vanish: they take turns.
   */
  async changeStatus(number: string, status: StatusCode, note?: string): Promise<CaseRecord | null> {
    const changed = await this.changes.runExclusive(`case:${number}`, async () => {
      const current = await this.cases.findById(number, { history: 1 }).lean();
      if (!current) return null;
      // Under the lock the history cannot grow meanwhile: this change becomes entry `index`.
      const index = current.history.length;
      await this.statusListener?.prepare(number, index);
      const at = this.clock();
      const record = await this.cases
        .findOneAndUpdate(
          { _id: number },
          { $set: { status, statusChangedAt: at }, $push: { history: { status, at, ...(note ? { note } : {}) } } },
          { new: true },
        )
        .lean();
      return record && { record, index };
    });
    if (!changed) return null;
    await this.statusListener?.changed(changed.record, changed.index);
    return changed.record;
  }

  private readonly openedListeners: ((record: CaseRecord) => Promise<CaseRecord>)[] = [];

  /**
   * Told of each case opened, and again for a retried submission (listeners are idempotent): routing to an outside
   * body and the crew lead's text (forwarding/CaseRouter). A listener returns the case as it left it.
   */
  whenOpened(listener: (record: CaseRecord) => Promise<CaseRecord>): void {
    this.openedListeners.push(listener);
  }

  private async opened(record: CaseRecord): Promise<CaseRecord> {
    let current = record;
    for (const listener of this.openedListeners) current = await listener(current);
    return current;
  }

  /**
   * Adds a resident's report to an open case (grouping: "one problem, one case"): their words and photos become
   * evidence, they are subscribed and counted, the priority rises with the count, and the audit trail says so.
   * A merged case passes the report on to the case it was merged into. Null when the case is unknown or no longer
   * open. Under the case's lock, as every change to a case; a retried submission (same key) changes nothing twice.
   */
  async join(number: string, report: NewReport): Promise<JoinResult | null> {
    let target = number;
    for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
      const merged = await this.changes.runExclusive(`case:${target}`, async (): Promise<JoinResult | string | null> => {
        const current = await this.cases.findById(target).lean();
        if (!current) return null;
        if (current.mergedInto) return current.mergedInto;
        if (!isOpenStatus(current.status)) return null;
        if (current.audit?.some((a) => a.action === 'join' && a.details?.submissionKey === report.submissionKey)) return { record: current, outcome: 'joined' };
        const now = this.clock();
        const subscribed = current.reporters.some((r) => r.address === report.reporter.address);
        const reporterCount = current.reporters.length + (subscribed ? 0 : 1);
        const evidence = { description: report.description, photos: report.photos, channel: report.reporter.channel, locale: report.reporter.locale, reportedAt: now };
        const audit = { at: now, by: 'resident', action: 'join', details: { channel: report.reporter.channel, submissionKey: report.submissionKey } };
        const record = await this.cases
          .findOneAndUpdate(
            { _id: target },
            {
              $push: { evidence, audit, ...(subscribed ? {} : { reporters: { ...report.reporter, reportedAt: now } }) },
              // Never lowers a priority someone raised by hand.
              $set: { reporterCount, priority: Math.min(current.priority ?? current.severity, priorityFor(current.severity, reporterCount)) },
            },
            { new: true },
          )
          .lean();
        return record && { record, outcome: subscribed ? 'alreadyReporter' : 'joined' };
      });
      if (typeof merged !== 'string') return merged;
      target = merged;
    }
    throw new Error(`Case ${number} is merged into a chain longer than ${MAX_MERGE_HOPS}`);
  }
}
