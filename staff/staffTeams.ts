import { STAFF_NAME, StaffToken } from './staffTokens';

/** Each supervisor's name and the names of the agents they act for. */
export type StaffTeams = ReadonlyMap<string, readonly string[]>;

/**
 * Reads STAFF_TEAMS: "supervisor:agent1|agent2;otherSupervisor:agent3". Every lead must be a supervisor named in
 * STAFF_API_TOKENS (a misspelt lead would silently lead nobody); members need only be valid names, since a
 * supervisor may manage the availability of an agent who has no token. An agent may be in several teams.
 */
export function parseStaffTeams(raw: string | undefined, tokens: readonly StaffToken[]): { teams: StaffTeams; problems: string[] } {
  const teams = new Map<string, string[]>();
  const problems: string[] = [];
  for (const [i, entry] of (raw ?? '').split(';').map((t) => t.trim()).filter(Boolean).entries()) {
    const label = `team ${i + 1}`;
    const colon = entry.indexOf(':');
    const lead = entry.slice(0, Math.max(colon, 0)).trim();
    const members = entry
      .slice(colon + 1)
      .split('|')
      .map((m) => m.trim())
      .filter(Boolean);
    if (colon < 0 || !STAFF_NAME.test(lead)) {
      problems.push(`${label} must be supervisorName:agent1|agent2`);
      continue;
    }
    const leader = tokens.find((t) => t.name === lead);
    const bad = members.filter((m) => !STAFF_NAME.test(m));
    if (!leader || leader.role !== 'supervisor') problems.push(`${label}: "${lead}" is not a supervisor named in STAFF_API_TOKENS (supervisor:${lead}:<token>)`);
    else if (teams.has(lead)) problems.push(`${label}: "${lead}" leads two teams; list all of their agents in one`);
    else if (members.length === 0) problems.push(`${label} (${lead}): name at least one agent`);
    else if (bad.length > 0) problems.push(`${label} (${lead}): ${bad.map((m) => `"${m}"`).join(', ')} may hold only letters, digits, dot, dash and underscore`);
    else teams.set(lead, [...new Set(members)]);
  }
  return { teams, problems };
}
