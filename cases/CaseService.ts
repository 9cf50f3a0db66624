import { AuditEntry, CaseModel, CaseLocation, CaseNote, CaseRecord, Evidence, MAX_DESCRIPTION_LENGTH, Photo, Reporter, SatisfactionAnswer, StatusChange } from './CaseModel';
import { CaseChangeError } from './CaseChangeError';
import { ClosureReason } from './closureReasons';
import { isReopening, mayMove } from './transitions';
import { PublicNoteListener } from './PublicNoteListener';
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
    /** Told of each public staff note (subscribers are sent it through it). */
    private readonly noteListener?: PublicNoteListener,
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

  // ---- The lifecycle staff drive (staff API): every change under the case's lock, checked against the revision
  // ---- the staff member saw, recorded in the audit trail with who and when.

  /** Moves a case to another status; closing needs a reason, a public note goes to the subscribers with the notice. */
  async moveStatus(number: string, move: StatusMove, change: StaffChange): Promise<CaseRecord> {
    return this.edit(number, change, (current, at) => {
      if (current.status === move.status) throw new CaseChangeError('invalid', `the case is already ${move.status}`, 'status');
      if (!mayMove(current.status, move.status)) {
        throw new CaseChangeError('invalid', `a ${current.status} case cannot move to ${move.status}`, 'status');
      }
      if (move.status === 'closed' && !move.reason) throw new CaseChangeError('invalid', 'closing a case needs a reason', 'reason');
      if (move.status !== 'closed' && move.reason) throw new CaseChangeError('invalid', 'a reason is given only when closing', 'reason');
      const note = move.note?.trim();
      const entry: StatusChange = { status: move.status, at, by: change.by, ...(move.reason ? { reason: move.reason } : {}), ...(note && move.public ? { note } : {}) };
      const reopening = isReopening(current.status, move.status);
      return {
        set: { status: move.status, statusChangedAt: at, ...(move.reason ? { closureReason: move.reason } : {}) },
        unset: reopening ? ['closureReason'] : [],
        history: entry,
        // A public note travels with the status notice; the note is kept in the notes too, without a second notice.
        note: note ? { text: note, public: Boolean(move.public), by: change.by, at } : undefined,
        noteNotifies: false,
        audit: { action: reopening ? 'reopen' : 'status', details: { from: current.status, to: move.status, ...(move.reason ? { reason: move.reason } : {}) } },
      };
    });
  }

  /** Adds a staff note: internal, or public (sent to every subscriber once). */
  async addNote(number: string, text: string, isPublic: boolean, change: StaffChange): Promise<CaseRecord> {
    return this.edit(number, change, (_current, at) => ({
      note: { text: text.trim(), public: isPublic, by: change.by, at },
      noteNotifies: isPublic,
      audit: { action: 'note', details: { public: isPublic } },
    }));
  }

  /** Moves a case to another category: its queue, service standard (expectedBy) and severity follow. */
  async changeCategory(number: string, categoryId: CategoryId, change: StaffChange): Promise<CaseRecord> {
    return this.edit(number, change, (current) => {
      if (current.category === categoryId) throw new CaseChangeError('invalid', `the case is already in category ${categoryId}`, 'category');
      const category = getCategory(categoryId);
      // Keep what the number of reporters (or urgency) added to the priority on top of the new base severity.
      const raised = current.severity - current.priority;
      return {
        set: {
          category: category.id,
          queue: category.queue,
          severity: category.baseSeverity,
          priority: Math.max(1, category.baseSeverity - raised),
          expectedBy: new Date(current.createdAt.getTime() + category.targetDays * DAY_MS),
        },
        audit: { action: 'category', details: { from: current.category, to: category.id, queue: category.queue } },
      };
    });
  }

  /** Gives the case to a person or crew (null: nobody). */
  async assign(number: string, assignee: string | null, change: StaffChange): Promise<CaseRecord> {
    return this.edit(number, change, (current) => ({
      set: assignee ? { assignee } : {},
      unset: assignee ? [] : ['assignee'],
      audit: { action: 'assign', details: { from: current.assignee ?? null, to: assignee } },
    }));
  }

  /**
   * Merges case `number` into case `into`: every subscriber, description and photo of the first carries over, and
   * the first is closed as a duplicate with `mergedInto` set (its look-ups answer "merged into"). Both cases are
   * locked, always in the same order, so two opposite merges at once cannot deadlock. The target is written first:
   * a crash in between leaves a merge that can simply be made again (nothing is added twice).
   */
  async merge(number: string, into: string, change: StaffChange): Promise<{ merged: CaseRecord; into: CaseRecord }> {
    if (number === into) throw new CaseChangeError('invalid', 'a case cannot be merged into itself', 'into');
    const [first, second] = [number, into].sort();
    const done = await this.changes.runExclusive(`case:${first}`, () =>
      this.changes.runExclusive(`case:${second}`, async () => {
        const [source, target] = await Promise.all([this.cases.findById(number).lean(), this.cases.findById(into).lean()]);
        if (!source) throw new CaseChangeError('not_found', `no case ${number}`);
        if (!target) throw new CaseChangeError('invalid', `no case ${into}`, 'into');
        checkRevision(source, change);
        if (source.mergedInto) throw new CaseChangeError('conflict', `case ${number} was already merged into ${source.mergedInto}`);
        if (target.mergedInto) throw new CaseChangeError('invalid', `case ${into} was merged into ${target.mergedInto}: merge into that one`, 'into');
        if (!isOpenStatus(target.status)) throw new CaseChangeError('invalid', `case ${into} is ${target.status}: reopen it first`, 'into');
        const at = this.clock();
        const audit = (action: string, details: Record<string, unknown>): AuditEntry => ({ at, by: change.by, action, details });
        const reporters = [...target.reporters, ...source.reporters.filter((r) => !target.reporters.some((t) => sameResident(t, r)))];
        const evidence = [...target.evidence, ...source.evidence.filter((e) => !target.evidence.some((t) => sameEvidence(t, e)))];
        const photos = [...target.photos, ...source.photos.filter((p) => !target.photos.some((t) => t.url === p.url))];
        const updatedTarget = await this.cases
          .findOneAndUpdate(
            { _id: into },
            {
              $set: { reporters, evidence, photos, reporterCount: reporters.length, priority: Math.min(target.priority, source.priority) },
              $push: { audit: audit('merge', { from: number, reporters: source.reporters.length }) },
              $inc: { revision: 1 },
            },
            { new: true },
          )
          .lean();
        const index = source.history.length;
        const closing = isOpenStatus(source.status);
        if (closing) await this.statusListener?.prepare(number, index);
        const updatedSource = await this.cases
          .findOneAndUpdate(
            { _id: number },
            {
              $set: { mergedInto: into, ...(closing ? { status: 'closed', statusChangedAt: at, closureReason: 'duplicate' } : {}) },
              $push: {
                audit: audit('merge', { into }),
                ...(closing ? { history: { status: 'closed', at, by: change.by, reason: 'duplicate' } satisfies StatusChange } : {}),
              },
              $inc: { revision: 1 },
            },
            { new: true },
          )
          .lean();
        if (!updatedTarget || !updatedSource) throw new CaseChangeError('not_found', `case ${number} or ${into} vanished during the merge`);
        return { merged: updatedSource, into: updatedTarget, notifyIndex: closing ? index : undefined };
      }),
    );
    if (done.notifyIndex !== undefined) await this.statusListener?.changed(done.merged, done.notifyIndex);
    return { merged: done.merged, into: done.into };
  }

  /**
   * Splits a wrongly joined report back out: evidence entry `evidenceIndex` and the resident who sent it become a
   * new case (same category and place), told its number as a new report is. The report that opened the case
   * (entry 0) stays.
   */
  async split(number: string, evidenceIndex: number, change: StaffChange): Promise<{ from: CaseRecord; created: CaseRecord }> {
    const done = await this.changes.runExclusive(`case:${number}`, async () => {
      const current = await this.cases.findById(number).lean();
      if (!current) throw new CaseChangeError('not_found', `no case ${number}`);
      checkRevision(current, change);
      if (current.mergedInto) throw new CaseChangeError('conflict', `case ${number} was merged into ${current.mergedInto}`);
      const evidence = current.evidence[evidenceIndex];
      if (evidenceIndex === 0 || !evidence) {
        throw new CaseChangeError('invalid', `must be a joined report: 1 to ${current.evidence.length - 1}`, 'evidenceIndex');
      }
      const reporter = reporterOf(current, evidenceIndex, evidence);
      if (!reporter) throw new CaseChangeError('invalid', 'no subscriber sent this report', 'evidenceIndex');
      const at = this.clock();
      const created = await this.open({
        category: current.category,
        location: current.location,
        description: evidence.description,
        photos: evidence.photos,
        reporter: { channel: reporter.channel, address: reporter.address, locale: reporter.locale, conversation: reporter.conversation },
        urgent: false,
        // Retrying the same split (same revision) finds the case it opened.
        submissionKey: `split:${number}:${evidenceIndex}:${current.revision}`,
      });
      const splitAudit: AuditEntry = { at, by: change.by, action: 'split', details: { from: number, evidenceIndex } };
      const createdRecord = await this.cases.findOneAndUpdate({ _id: created.number }, { $push: { audit: splitAudit } }, { new: true }).lean();
      const reporters = current.reporters.filter((r) => r !== reporter);
      const from = await this.cases
        .findOneAndUpdate(
          { _id: number },
          {
            $set: {
              evidence: current.evidence.filter((_e, i) => i !== evidenceIndex),
              reporters,
              reporterCount: reporters.length,
              photos: current.photos.filter((p) => !evidence.photos.some((e) => e.url === p.url)),
            },
            $push: { audit: { at, by: change.by, action: 'split', details: { evidenceIndex, into: created.number } } satisfies AuditEntry },
            $inc: { revision: 1 },
          },
          { new: true },
        )
        .lean();
      if (!from || !createdRecord) throw new CaseChangeError('not_found', `case ${number} vanished during the split`);
      await this.statusListener?.prepare(created.number, 0);
      return { from, created: createdRecord };
    });
    // The resident whose report was split out is told its own case number, as a new report is.
    await this.statusListener?.changed(done.created, 0);
    return done;
  }

  /** One staff change to one case: read, check, write, under the case's lock; listeners told once it is written. */
  private async edit(number: string, change: StaffChange, plan: (current: CaseRecord, at: Date) => CaseEdit): Promise<CaseRecord> {
    const done = await this.changes.runExclusive(`case:${number}`, async () => {
      const current = await this.cases.findById(number).lean();
      if (!current) throw new CaseChangeError('not_found', `no case ${number}`);
      checkRevision(current, change);
      if (current.mergedInto) throw new CaseChangeError('conflict', `case ${number} was merged into ${current.mergedInto}: work on that case`);
      const at = this.clock();
      const edit = plan(current, at);
      const statusIndex = edit.history ? current.history.length : undefined;
      const noteIndex = edit.note && edit.noteNotifies ? current.notes.length : undefined;
      if (statusIndex !== undefined) await this.statusListener?.prepare(number, statusIndex);
      if (noteIndex !== undefined) await this.noteListener?.prepareNote(number, noteIndex);
      const unset = Object.fromEntries((edit.unset ?? []).map((field) => [field, 1]));
      const record = await this.cases
        .findOneAndUpdate(
          { _id: number },
          {
            $set: edit.set ?? {},
            ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
            $push: {
              audit: { at, by: change.by, action: edit.audit.action, details: edit.audit.details } satisfies AuditEntry,
              ...(edit.history ? { history: edit.history } : {}),
              ...(edit.note ? { notes: edit.note } : {}),
            },
            $inc: { revision: 1 },
          },
          { new: true },
        )
        .lean();
      if (!record) throw new CaseChangeError('not_found', `no case ${number}`);
      return { record, statusIndex, noteIndex };
    });
    if (done.statusIndex !== undefined) await this.statusListener?.changed(done.record, done.statusIndex);
    if (done.noteIndex !== undefined) await this.noteListener?.noteAdded(done.record, done.noteIndex);
    return done.record;
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

  // ---- What subscribers do to a case after it closed (notices helper): reopen it, rate the work.

  /**
   * A subscriber says a closed case is not fixed, within `withinMs` of its closing: it goes back to `received`, by
   * 'resident', audited as a reopening, their words kept as an internal note for staff. The other subscribers are
   * told through the status listener (the reopener is skipped: their turn answers them).
   */
  async reopenByResident(number: string, reopen: ResidentReopen): Promise<{ outcome: ReopenOutcome; record: CaseRecord | null }> {
    try {
      const record = await this.edit(number, { by: 'resident' }, (current, at) => {
        const reporter = current.reporters.findIndex((r) => r.address === reopen.address);
        if (reporter < 0) throw new CaseChangeError('invalid', 'not a subscriber', 'address');
        if (current.audit.some((a) => a.action === 'reopen' && a.details?.activityId === reopen.activityId)) {
          throw new CaseChangeError('conflict', 'already reopened by this message', 'activityId');
        }
        if (current.status !== 'closed' && current.status !== 'resolved') throw new CaseChangeError('conflict', 'the case is open', 'status');
        if (at.getTime() - new Date(current.statusChangedAt).getTime() > reopen.withinMs) throw new CaseChangeError('invalid', 'closed too long ago', 'status');
        const words = reopen.words.slice(0, MAX_DESCRIPTION_LENGTH);
        return {
          set: { status: 'received', statusChangedAt: at },
          unset: ['closureReason'],
          history: { status: 'received', at, by: 'resident' },
          note: { text: words, public: false, by: 'resident', at },
          noteNotifies: false,
          audit: {
            action: 'reopen',
            details: { from: current.status, historyIndex: current.history.length, channel: reopen.channel, reporter, words, activityId: reopen.activityId },
          },
        };
      });
      return { outcome: 'reopened', record };
    } catch (error) {
      if (!(error instanceof CaseChangeError)) throw error;
      const record = await this.findByNumber(number);
      if (error.field === 'activityId') return { outcome: 'reopened', record };
      if (error.field === 'address') return { outcome: 'not_subscriber', record };
      if (error.kind === 'conflict' && error.field === 'status') return { outcome: 'already_open', record };
      if (error.field === 'status') return { outcome: 'too_late', record };
      throw error;
    }
  }

  /** Stores a subscriber's satisfaction answer (1 to 5, a comment) once; a second answer from them is not kept. */
  async recordSatisfaction(number: string, answer: SatisfactionAnswer): Promise<boolean> {
    try {
      await this.edit(number, { by: 'resident' }, (current) => {
        if (current.satisfaction.some((s) => s.channel === answer.channel && s.address === answer.address)) {
          throw new CaseChangeError('conflict', 'already answered', 'satisfaction');
        }
        return { set: { satisfaction: [...current.satisfaction, answer] }, audit: { action: 'satisfaction', details: { score: answer.score } } };
      });
      return true;
    } catch (error) {
      if (error instanceof CaseChangeError && error.field === 'satisfaction') return false;
      throw error;
    }
  }
}

/** A subscriber's "not fixed" after a closure. */
export interface ResidentReopen {
  channel: string;
  address: string;
  words: string;
  /** The message that asked: the same message handled again changes nothing. */
  activityId: string;
  /** How long after closing a subscriber may still reopen (14 days). */
  withinMs: number;
}

export type ReopenOutcome = 'reopened' | 'already_open' | 'too_late' | 'not_subscriber';

/** Who makes a staff change, and the revision of the case they saw (absent: no check). */
export interface StaffChange {
  by: string;
  revision?: number;
}

export interface StatusMove {
  status: StatusCode;
  note?: string;
  reason?: ClosureReason;
  public?: boolean;
}

/** What one staff change writes. */
interface CaseEdit {
  set?: Record<string, unknown>;
  unset?: string[];
  history?: StatusChange;
  note?: CaseNote;
  /** The note is sent to the subscribers on its own (a public note that is not part of a status notice). */
  noteNotifies?: boolean;
  audit: { action: string; details: Record<string, unknown> };
}

function checkRevision(current: CaseRecord, change: StaffChange): void {
  if (change.revision !== undefined && change.revision !== current.revision) {
    throw new CaseChangeError('conflict', `the case changed since revision ${change.revision} (now ${current.revision}): reload it and try again`, 'revision');
  }
}

function sameResident(a: Reporter, b: Reporter): boolean {
  return a.channel === b.channel && a.address === b.address;
}

function sameEvidence(a: Evidence, b: Evidence): boolean {
  return a.channel === b.channel && a.description === b.description && new Date(a.reportedAt).getTime() === new Date(b.reportedAt).getTime();
}

/** The subscriber who sent evidence entry `index`: the one who reported at that moment on that channel. */
function reporterOf(record: CaseRecord, index: number, evidence: Evidence): Reporter | undefined {
  const at = new Date(evidence.reportedAt).getTime();
  const matching = record.reporters.filter((r) => r.channel === evidence.channel && new Date(r.reportedAt).getTime() === at);
  if (matching.length === 1) return matching[0];
  // Joined in the same millisecond (or added by hand): reporters and evidence are appended together, in order.
  const byPosition = record.reporters[index];
  return byPosition && byPosition.channel === evidence.channel ? byPosition : matching[0];
}
