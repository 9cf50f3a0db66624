import { CaseRecord } from '../cases/CaseModel';
import { CaseService } from '../cases/CaseService';
import { Outbox } from '../outbox/Outbox';
import { PhotoUrls } from '../photos/photoUrls';
import { StaffPhotoLinks } from '../photos/StaffPhotoLinks';
import { Bodies, Body } from './Bodies';
import { CaseForwarding } from './CaseForwarding';
import { CrewAlerts } from './CrewAlerts';
import { forwardKey, forwardPayload } from './forwardPayload';

export interface CaseRouterOptions {
  bodies: Bodies;
  forwarding: CaseForwarding;
  cases: Pick<CaseService, 'changeStatus' | 'findByNumber'>;
  outbox: Outbox;
  crew: CrewAlerts;
  photoUrls: PhotoUrls;
  photoLinks: Pick<StaffPhotoLinks, 'link'>;
  log: (message: string, error?: unknown) => void;
}

/**
 * Where a new case goes: to the body that owns it (forwarded through the outbox, the case `referred`, its
 * reporters told who handles it), or to the town's queue, whose crew lead is texted. Every step is idempotent,
 * so routing the same case again (a retried submission) sends nothing twice.
 */
export class CaseRouter {
  constructor(private readonly options: CaseRouterOptions) {}

  /**
   * Sends a case where it belongs: right after it is opened, and again when staff change its category (the new
   * owner or queue is told; the ones told before are not told twice). Never fails the caller (a failure is logged).
   */
  async route(record: CaseRecord): Promise<CaseRecord> {
    try {
      const body = this.options.bodies.ownerOf(record);
      if (!body) {
        await this.options.crew.caseLanded(record);
        return record;
      }
      return await this.forward(record, body);
    } catch (error) {
      this.options.log(`Case ${record.number}: routing failed`, error);
      return record;
    }
  }

  private async forward(record: CaseRecord, body: Body): Promise<CaseRecord> {
    const { forwarding, cases } = this.options;
    await forwarding.markForwarded(record.number, body.id);
    const marked = (await cases.findByNumber(record.number)) ?? record;
    if (marked.forwarding?.body !== body.id) return marked; // forwarded elsewhere before (the bodies file changed)
    if (marked.forwarding.state === 'pending') await this.send(marked);
    // The forwarding is set first, so the reporters' notice of this change names the body.
    if (marked.status === 'received') return (await cases.changeStatus(record.number, 'referred')) ?? marked;
    return marked;
  }

  /** Queues the case for its body (again is harmless: one key per case). */
  async send(record: CaseRecord): Promise<void> {
    const body = record.forwarding && this.options.bodies.get(record.forwarding.body);
    if (!body) throw new Error(`Case ${record.number}: forwarded to a body not in the bodies file (${record.forwarding?.body})`);
    const ids = record.photos.map((p) => this.options.photoUrls.idOf(p.url)).filter((id): id is string => id !== undefined);
    const links = await Promise.all(ids.map((id) => this.options.photoLinks.link(id)));
    await this.options.outbox.enqueue({
      key: forwardKey(record.number),
      channel: body.forward.method,
      to: body.id,
      text: JSON.stringify(forwardPayload(record, links)),
      reason: `forward to ${body.id}`,
    });
  }
}
