import { CATEGORY_IDS, getCategory } from '../cases/categories';
import { STAFF_NAME } from './staffTokens';

/** Each agent's name and the queues whose cases they work (supervisors and admins work every queue). */
export type StaffQueues = ReadonlyMap<string, readonly string[]>;

/** Every crew queue a category routes to. */
export const KNOWN_QUEUES: readonly string[] = [...new Set(CATEGORY_IDS.map((id) => getCategory(id).queue))];

/**
 * Reads STAFF_QUEUES: "ann:roads|bylaw;bob:waste". Queue names must be queues a category routes to (a misspelt one
 * would silently show an agent nothing). An agent not listed works no queue: they see no case until given one.
 */
export function parseStaffQueues(raw: string | undefined): { queues: StaffQueues; problems: string[] } {
  const queues = new Map<string, string[]>();
  const problems: string[] = [];
  for (const [i, entry] of (raw ?? '').split(';').map((t) => t.trim()).filter(Boolean).entries()) {
    const label = `entry ${i + 1}`;
    const colon = entry.indexOf(':');
    const name = entry.slice(0, Math.max(colon, 0)).trim();
    const listed = entry
      .slice(colon + 1)
      .split('|')
      .map((q) => q.trim())
      .filter(Boolean);
    const unknown = listed.filter((q) => !KNOWN_QUEUES.includes(q));
    if (colon < 0 || !STAFF_NAME.test(name)) problems.push(`${label} must be agentName:queue1|queue2`);
    else if (queues.has(name)) problems.push(`${label}: "${name}" is listed twice; list all of their queues in one entry`);
    else if (listed.length === 0) problems.push(`${label} (${name}): name at least one queue`);
    else if (unknown.length > 0) problems.push(`${label} (${name}): unknown queue ${unknown.map((q) => `"${q}"`).join(', ')} (known: ${KNOWN_QUEUES.join(', ')})`);
    else queues.set(name, [...new Set(listed)]);
  }
  return { queues, problems };
}
