import { CaseModel, CaseRecord } from '../cases/CaseModel';
import { isOpenStatus, STATUS_CODES } from '../cases/statuses';
import { DatabaseLock } from '../storage/DatabaseLock';

const OPEN_STATUSES = STATUS_CODES.filter(isOpenStatus);

/** Open311 says open or closed; a webhook body says the same words. */
export type BodyStatus = 'open' | 'closed';

export type BodyUpdateOutcome = 'unknown_case' | 'unchanged' | 'recorded' | 'close';

/**
 * The `forwarding` part of a case and its audit entries. FerretDB applies an update as read-then-overwrite, so
 * every write here takes the case's lock (`case:<number>`), the same one CaseService's status changes take.
 */
export class CaseForwarding {
  constructor(
    private readonly cases: CaseModel,
    private readonly lock: DatabaseLock,
    private readonly clock: () => Date,
  ) {}

  /** Marks the case as belonging to `body`, once: false when it already was forwarded (a retried routing). */
  async markForwarded(number: string, body: string): Promise<boolean> {
    return this.lock.runExclusive(`case:${number}`, async () => {
      const current = await this.cases.findById(number, { forwarding: 1 }).lean();
      if (!current || current.forwarding) return false;
      const at = this.clock();
      await this.cases.updateOne(
        { _id: number },
        { $set: { forwarding: { body, state: 'pending' } }, $push: { audit: { at, by: 'system', action: 'forward', details: { body } } } },
      );
      return true;
    });
  }

  /** The body took the case under `externalId`. */
  async recordSent(number: string, externalId: string): Promise<void> {
    await this.lock.runExclusive(`case:${number}`, async () => {
      const current = await this.cases.findById(number, { forwarding: 1 }).lean();
      if (!current?.forwarding || current.forwarding.state === 'sent') return;
      await this.cases.updateOne(
        { _id: number },
        { $set: { 'forwarding.state': 'sent', 'forwarding.externalId': externalId, 'forwarding.sentAt': this.clock() } },
      );
    });
  }

  /** An Open311 body that answered with a token has since given the request its id. */
  async recordExternalId(number: string, token: string, externalId: string): Promise<void> {
    await this.lock.runExclusive(`case:${number}`, async () => {
      const current = await this.cases.findById(number, { forwarding: 1 }).lean();
      if (current?.forwarding?.externalId !== token) return;
      await this.cases.updateOne({ _id: number }, { $set: { 'forwarding.externalId': externalId, 'forwarding.lastCheckedAt': this.clock() } });
    });
  }

  /** The body refused it for good, or the outbox gave up: staff see `failed` and the reason in the audit trail. */
  async recordFailed(number: string, detail: string): Promise<void> {
    await this.lock.runExclusive(`case:${number}`, async () => {
      const current = await this.cases.findById(number, { forwarding: 1 }).lean();
      if (!current?.forwarding || current.forwarding.state !== 'pending') return;
      const at = this.clock();
      await this.cases.updateOne(
        { _id: number },
        {
          $set: { 'forwarding.state': 'failed' },
          $push: { audit: { at, by: 'system', action: 'forward-failed', details: { body: current.forwarding.body, detail: detail.slice(0, 500) } } },
        },
      );
    });
  }

  /**
   * What the body now says about a case it handles. Only a status other than the last one it told us is applied
   * (so a poll or a webhook repeated, in any process, changes nothing twice); 'close' means the caller closes the
   * case now (through CaseService, which notifies the reporters).
   */
  async bodyStatus(number: string, body: string, status: BodyStatus, notes?: string): Promise<BodyUpdateOutcome> {
    return this.lock.runExclusive(`case:${number}`, async () => {
      const current = await this.cases.findById(number, { forwarding: 1, status: 1 }).lean();
      if (!current?.forwarding || current.forwarding.body !== body) return 'unknown_case';
      const at = this.clock();
      if (current.forwarding.lastStatus === status) {
        await this.cases.updateOne({ _id: number }, { $set: { 'forwarding.lastCheckedAt': at } });
        return 'unchanged';
      }
      const closes = status === 'closed' && isOpenStatus(current.status);
      await this.cases.updateOne(
        { _id: number },
        {
          // The body, not the town's crew, dealt with it: the closure reason says so.
          $set: { 'forwarding.lastStatus': status, 'forwarding.lastCheckedAt': at, ...(closes ? { closureReason: 'referred' } : {}) },
          $push: { audit: { at, by: `body:${body}`, action: 'forward-update', details: { status, ...(notes ? { notes } : {}) } } },
        },
      );
      return closes ? 'close' : 'recorded';
    });
  }

  /** A poll found nothing new. */
  async checked(number: string): Promise<void> {
    await this.lock.runExclusive(`case:${number}`, () => this.cases.updateOne({ _id: number }, { $set: { 'forwarding.lastCheckedAt': this.clock() } }));
  }

  /**
   * Forwarded cases still open, least recently checked first. A scan on FerretDB (no index but _id), bounded by
   * `limit` and run on a timer, never on a resident's turn.
   */
  async open(limit: number): Promise<Pick<CaseRecord, 'number' | 'status' | 'forwarding'>[]> {
    return this.cases
      .find({ 'forwarding.state': { $in: ['pending', 'sent'] }, status: { $in: OPEN_STATUSES } }, { number: 1, status: 1, forwarding: 1 })
      .sort({ 'forwarding.lastCheckedAt': 1 })
      .limit(limit)
      .lean();
  }
}
