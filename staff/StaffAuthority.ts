import { StaffCaller } from './requireStaff';
import { StaffTeams } from './staffTeams';

/**
 * For whom a staff member may act and whose work they may read in full: an agent for themselves, a supervisor
 * for themselves and their team (STAFF_TEAMS), an admin for everyone. A token that names nobody (legacy
 * "role:token") acts for nobody; an unnamed admin token still reads everything, as admins do.
 */
export class StaffAuthority {
  constructor(private readonly teams: StaffTeams) {}

  mayActFor(caller: StaffCaller, agentId: string): boolean {
    if (caller.name === null) return false;
    if (caller.role === 'admin' || caller.name === agentId) return true;
    return caller.role === 'supervisor' && (this.teams.get(caller.name)?.includes(agentId) ?? false);
  }

  maySeeWorkOf(caller: StaffCaller, agentId: string): boolean {
    return caller.role === 'admin' || this.mayActFor(caller, agentId);
  }

  seesEverything(caller: StaffCaller): boolean {
    return caller.role === 'admin';
  }
}
