/** Stable status codes with a coarse type; names and explanations live in locales/ (status.<code>). */
export const STATUS_CODES = ['received', 'assigned', 'scheduled', 'in_progress', 'referred', 'resolved', 'closed'] as const;

export type StatusCode = (typeof STATUS_CODES)[number];

/** Open311 reports only open or closed. */
export function isOpenStatus(status: StatusCode): boolean {
  return status !== 'resolved' && status !== 'closed';
}
