/** Staff roles, weakest first: a route open to a role is open to every role after it. */
export const STAFF_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffToken {
  role: StaffRole;
  token: string;
}

/** Long enough that guessing one over the network is hopeless. */
export const MIN_STAFF_TOKEN_LENGTH = 16;

/**
 * Reads STAFF_API_TOKENS, "role:token" pairs separated by commas ("agent:abc...,admin:def..."). Returns the
 * tokens, or the problems found, so configuration can name them all at start-up.
 */
export function parseStaffTokens(raw: string | undefined): { tokens: StaffToken[]; problems: string[] } {
  const tokens: StaffToken[] = [];
  const problems: string[] = [];
  for (const [i, pair] of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean).entries()) {
    const colon = pair.indexOf(':');
    const role = pair.slice(0, Math.max(colon, 0)).trim();
    const token = pair.slice(colon + 1).trim();
    if (colon < 0 || !STAFF_ROLES.includes(role as StaffRole)) {
      problems.push(`pair ${i + 1} must be role:token with role one of ${STAFF_ROLES.join(', ')}`);
    } else if (token.length < MIN_STAFF_TOKEN_LENGTH) {
      problems.push(`pair ${i + 1} (${role}): the token must be at least ${MIN_STAFF_TOKEN_LENGTH} characters`);
    } else {
      tokens.push({ role: role as StaffRole, token });
    }
  }
  return { tokens, problems };
}

export function roleAtLeast(role: StaffRole, minimum: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(minimum);
}
