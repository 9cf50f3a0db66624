import { CaseService } from '../cases/CaseService';
import { BodyStatus, BodyUpdateOutcome, CaseForwarding } from './CaseForwarding';

/**
 * A body's word on a case it handles, from a poll or a webhook: recorded once per new status, and a "closed"
 * closes the town's case, which tells every reporter through the usual status notices.
 */
export class BodyUpdates {
  constructor(
    private readonly forwarding: CaseForwarding,
    private readonly cases: Pick<CaseService, 'changeStatus'>,
  ) {}

  async apply(number: string, body: string, status: BodyStatus, notes?: string): Promise<BodyUpdateOutcome> {
    const outcome = await this.forwarding.bodyStatus(number, body, status, notes);
    // The body's notes stay in the audit trail: residents are told in the town's words who closed it (statusNotice).
    if (outcome === 'close') await this.cases.changeStatus(number, 'closed');
    return outcome;
  }
}
