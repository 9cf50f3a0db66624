import { CaseRecord } from '../cases/CaseModel';
import { StaffCaller } from './requireStaff';
import { StaffQueues } from './staffQueues';

/**
 * Which cases a staff member works: an agent the cases of their queues (STAFF_QUEUES), a supervisor and an admin
 * every case. Contact details of subscribers are for supervisors and admins; merging, splitting and reassigning
 * are theirs too. A token that names nobody (legacy role:token) may read as its role does, never change.
 */
export class CaseAccess {
  constructor(private readonly queues: StaffQueues) {}

  /** The queues the caller may list; undefined: all of them. */
  queuesOf(caller: StaffCaller): readonly string[] | undefined {
    if (caller.role !== 'agent') return undefined;
    return caller.name === null ? [] : (this.queues.get(caller.name) ?? []);
  }

  maySee(caller: StaffCaller, record: Pick<CaseRecord, 'queue'>): boolean {
    const queues = this.queuesOf(caller);
    return queues === undefined || queues.includes(record.queue);
  }

  seesContacts(caller: StaffCaller): boolean {
    return caller.role !== 'agent';
  }

  /** Merge, split, and giving a case that already has someone (or to someone else) to another. */
  isSupervising(caller: StaffCaller): boolean {
    return caller.role !== 'agent';
  }
}
