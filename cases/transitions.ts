import { StatusCode } from './statuses';

/**
 * The moves staff may make between status codes. Work goes forward; a step back is allowed while the case is open
 * (a schedule slips, a crew hands it back). A resolved or closed case goes back only to `received`: a reopening,
 * recorded as such in the audit trail. A status is never "changed" to itself.
 */
const ALLOWED: Record<StatusCode, readonly StatusCode[]> = {
  received: ['assigned', 'scheduled', 'in_progress', 'referred', 'resolved', 'closed'],
  assigned: ['received', 'scheduled', 'in_progress', 'referred', 'resolved', 'closed'],
  scheduled: ['assigned', 'in_progress', 'referred', 'resolved', 'closed'],
  in_progress: ['scheduled', 'referred', 'resolved', 'closed'],
  referred: ['received', 'assigned', 'in_progress', 'resolved', 'closed'],
  resolved: ['closed', 'received'],
  closed: ['received'],
};

export function mayMove(from: StatusCode, to: StatusCode): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedMoves(from: StatusCode): readonly StatusCode[] {
  return ALLOWED[from];
}

/** A move out of resolved or closed back into the queue. */
export function isReopening(from: StatusCode, to: StatusCode): boolean {
  return (from === 'resolved' || from === 'closed') && to === 'received';
}
