/** Staff roles, weakest first: a route open to a role is open to every role after it. */
export const STAFF_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A staff member's name: what agent ids, teams and (later) the audit trail call them. */
export const STAFF_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export interface StaffToken {
  role: StaffRole;
  /**
   * The person the token belongs to. Null for a legacy "role:token" pair: such a token names nobody, so it may
   * read what its role may read but never change anything (no one could be held to the change).
   */
  name: string | null;
  token: string;
}

/** Long enough that guessing one over the network is hopeless. */
export const MIN_STAFF_TOKEN_LENGTH = 16;

/**
 * Reads STAFF_API_TOKENS: comma-separated "role:name:token" (or legacy "role:token") entries, e.g.
 * "agent:ann:abc…,admin:lee:def…". Tokens hold no colon in the named form's first two parts, so a token may
 * itself contain colons. Returns the tokens, or every problem found (malformed entries, a token or a name used
 * twice), so configuration can name them all at start-up.
 */
export function parseStaffTokens(raw: string | undefined): { tokens: StaffToken[]; problems: string[] } {
  const tokens: StaffToken[] = [];
  const problems: string[] = [];
  for (const [i, entry] of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean).entries()) {
    const parsed = parseEntry(entry);
    const label = `pair ${i + 1}`;
    if ('problem' in parsed) {
      problems.push(`${label} ${parsed.problem}`);
    } else if (tokens.some((t) => t.token === parsed.token)) {
      problems.push(`${label}${parsed.name ? ` (${parsed.name})` : ''}: the same token is given twice; every person needs a token of their own`);
    } else if (parsed.name !== null && tokens.some((t) => t.name === parsed.name)) {
      problems.push(`${label}: the name "${parsed.name}" is given twice; names must be unique`);
    } else {
      tokens.push(parsed);
    }
  }
  return { tokens, problems };
}

function parseEntry(entry: string): StaffToken | { problem: string } {
  const parts = entry.split(':').map((p) => p.trim());
  const role = parts[0];
  if (parts.length < 2 || !STAFF_ROLES.includes(role as StaffRole)) {
    return { problem: `must be role:name:token (or role:token) with role one of ${STAFF_ROLES.join(', ')}` };
  }
  // Two parts: legacy role:token. Three or more: role:name:token (a token may contain colons).
  const name = parts.length === 2 ? null : parts[1];
  const token = (parts.length === 2 ? parts[1] : parts.slice(2).join(':')).trim();
  if (name !== null && !STAFF_NAME.test(name)) {
    return { problem: `(${role}): the name "${name}" may hold only letters, digits, dot, dash and underscore (up to 64)` };
  }
  if (token.length < MIN_STAFF_TOKEN_LENGTH) {
    return { problem: `(${name ?? role}): the token must be at least ${MIN_STAFF_TOKEN_LENGTH} characters` };
  }
  return { role: role as StaffRole, name, token };
}

export function roleAtLeast(role: StaffRole, minimum: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(minimum);
}
