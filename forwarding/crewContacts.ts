import { CATEGORY_IDS, getCategory } from '../cases/categories';

const QUEUES = new Set(CATEGORY_IDS.map((id) => getCategory(id).queue));

/** CREW_CONTACTS: `queue:+19055550150,queue:+1...`, each queue once, each a queue of cases/categories.ts. */
export function parseCrewContacts(raw: string | undefined): { contacts: Map<string, string>; problems: string[] } {
  const contacts = new Map<string, string>();
  const problems: string[] = [];
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([a-z_]+):(\+[1-9]\d{6,14})$/.exec(entry);
    if (!match) problems.push(`"${entry}" is not queue:+phone (for example roads:+19055550150)`);
    else if (!QUEUES.has(match[1])) problems.push(`"${match[1]}" is not a queue (queues: ${[...QUEUES].join(', ')})`);
    else if (contacts.has(match[1])) problems.push(`queue "${match[1]}" is listed twice`);
    else contacts.set(match[1], match[2]);
  }
  return { contacts, problems };
}
