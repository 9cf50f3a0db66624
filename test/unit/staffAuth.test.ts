import express from 'express';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../config/config';
import { requireStaff } from '../../staff/requireStaff';
import { StaffAuthority } from '../../staff/StaffAuthority';
import { parseStaffTeams } from '../../staff/staffTeams';
import { parseStaffTokens } from '../../staff/staffTokens';

const AGENT = 'agent-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const LEGACY = 'legacy-agent-token-0123456789';
const ENV = { TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), TWILIO_AUTH_TOKEN: 'x'.repeat(20), TWILIO_PHONE_NUMBER: '+15555550100' };

function staffApp() {
  const { tokens } = parseStaffTokens(`agent:ann:${AGENT}, admin:lee:${ADMIN}, agent:${LEGACY}`);
  const app = express();
  app.get('/agent-or-above', requireStaff(tokens, 'agent'), (_req, res) => res.json(res.locals.staff));
  app.get('/supervisor-or-above', requireStaff(tokens, 'supervisor'), (_req, res) => res.json(res.locals.staff));
  return app;
}

function configProblems(env: Record<string, string>): string {
  try {
    loadConfig({ ...ENV, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('staff API tokens', () => {
  it('lets a known token in, with its role and its person', async () => {
    const response = await request(staffApp()).get('/agent-or-above').set('Authorization', `Bearer ${AGENT}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ role: 'agent', name: 'ann' });
  });

  it('still lets a role:token token in, naming nobody', async () => {
    const response = await request(staffApp()).get('/agent-or-above').set('Authorization', `Bearer ${LEGACY}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ role: 'agent', name: null });
  });

  it('lets a higher role into a lower role’s route, not the other way round', async () => {
    expect((await request(staffApp()).get('/supervisor-or-above').set('Authorization', `Bearer ${ADMIN}`)).status).toBe(200);
    expect((await request(staffApp()).get('/supervisor-or-above').set('Authorization', `Bearer ${AGENT}`)).status).toBe(403);
  });

  it.each([undefined, 'Bearer', `Bearer ${AGENT}x`, `Basic ${AGENT}`, AGENT])('refuses %s with 401', async (header) => {
    const call = request(staffApp()).get('/agent-or-above');
    const response = await (header === undefined ? call : call.set('Authorization', header));
    expect(response.status).toBe(401);
  });

  it('reads role:name:token, role:token, and tokens that hold colons', () => {
    expect(parseStaffTokens(`supervisor:sam.o-k_2:${AGENT}:x, admin:${ADMIN}`)).toEqual({
      tokens: [
        { role: 'supervisor', name: 'sam.o-k_2', token: `${AGENT}:x` },
        { role: 'admin', name: null, token: ADMIN },
      ],
      problems: [],
    });
  });

  it('names every malformed pair at start-up', () => {
    expect(configProblems({ STAFF_API_TOKENS: 'clerk:0123456789abcdef,agent:short' })).toMatch(
      /pair 1 must be role:name:token[\s\S]*pair 2 \(agent\): the token must be at least 16/,
    );
    expect(configProblems({ STAFF_API_TOKENS: `agent:ann bob:${AGENT}` })).toMatch(/pair 1 \(agent\): the name "ann bob" may hold only letters/);
  });

  it('refuses a token or a name given twice, without printing the token', () => {
    const sameToken = configProblems({ STAFF_API_TOKENS: `agent:ann:${AGENT},agent:bob:${AGENT}` });
    expect(sameToken).toMatch(/pair 2 \(bob\): the same token is given twice/);
    expect(sameToken).not.toContain(AGENT);
    expect(configProblems({ STAFF_API_TOKENS: `agent:ann:${AGENT},supervisor:ann:${ADMIN}` })).toMatch(/pair 2: the name "ann" is given twice/);
    expect(configProblems({ STAFF_API_TOKENS: `agent:${AGENT},admin:${AGENT}` })).toMatch(/pair 2: the same token is given twice/);
  });
});

describe('staff teams', () => {
  const { tokens } = parseStaffTokens(`supervisor:sam:${AGENT},agent:ann:${ADMIN}`);

  it('reads supervisor:agent|agent;…', () => {
    expect(parseStaffTeams('sam: ann | bob ', tokens)).toEqual({ teams: new Map([['sam', ['ann', 'bob']]]), problems: [] });
    expect(loadConfig({ ...ENV, STAFF_API_TOKENS: `supervisor:sam:${AGENT}`, STAFF_TEAMS: 'sam:ann|bob' }).staffTeams).toEqual(new Map([['sam', ['ann', 'bob']]]));
  });

  it('names teams whose lead is no supervisor, or that are malformed, at start-up', () => {
    const message = configProblems({ STAFF_API_TOKENS: `supervisor:sam:${AGENT},agent:ann:${ADMIN}`, STAFF_TEAMS: 'ann:bob;nobody:bob;sam;sam:b@d' });
    expect(message).toMatch(/STAFF_TEAMS: team 1: "ann" is not a supervisor named in STAFF_API_TOKENS/);
    expect(message).toMatch(/STAFF_TEAMS: team 2: "nobody" is not a supervisor/);
    expect(message).toMatch(/STAFF_TEAMS: team 3 must be supervisorName:agent1\|agent2/);
    expect(message).toMatch(/STAFF_TEAMS: team 4 \(sam\): "b@d" may hold only/);
    expect(parseStaffTeams('sam:ann;sam:bob', tokens).problems).toEqual(['team 2: "sam" leads two teams; list all of their agents in one']);
  });

  it('lets an agent act for themselves, a supervisor for their team, an admin for all, an unnamed token for nobody', () => {
    const authority = new StaffAuthority(new Map([['sam', ['ann']]]));
    expect(authority.mayActFor({ role: 'agent', name: 'ann' }, 'ann')).toBe(true);
    expect(authority.mayActFor({ role: 'agent', name: 'ann' }, 'bob')).toBe(false);
    expect(authority.mayActFor({ role: 'supervisor', name: 'sam' }, 'ann')).toBe(true);
    expect(authority.mayActFor({ role: 'supervisor', name: 'sam' }, 'sam')).toBe(true);
    expect(authority.mayActFor({ role: 'supervisor', name: 'sam' }, 'bob')).toBe(false);
    expect(authority.mayActFor({ role: 'supervisor', name: 'tia' }, 'ann')).toBe(false); // no team: only herself
    expect(authority.mayActFor({ role: 'admin', name: 'lee' }, 'bob')).toBe(true);
    expect(authority.mayActFor({ role: 'admin', name: null }, 'bob')).toBe(false);
    expect(authority.mayActFor({ role: 'agent', name: null }, 'agent')).toBe(false);
    expect(authority.maySeeWorkOf({ role: 'admin', name: null }, 'bob')).toBe(true);
  });
});
