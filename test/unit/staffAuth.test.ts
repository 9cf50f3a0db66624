import express from 'express';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../config/config';
import { requireStaff } from '../../staff/requireStaff';
import { parseStaffTokens } from '../../staff/staffTokens';

const AGENT = 'agent-token-0123456789';
const ADMIN = 'admin-token-0123456789';

function staffApp() {
  const { tokens } = parseStaffTokens(`agent:${AGENT}, admin:${ADMIN}`);
  const app = express();
  app.get('/agent-or-above', requireStaff(tokens, 'agent'), (_req, res) => res.json(res.locals.staff));
  app.get('/supervisor-or-above', requireStaff(tokens, 'supervisor'), (_req, res) => res.json(res.locals.staff));
  return app;
}

describe('staff API tokens', () => {
  it('lets a known token in, with its role', async () => {
    const response = await request(staffApp()).get('/agent-or-above').set('Authorization', `Bearer ${AGENT}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ role: 'agent' });
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

  it('names every malformed pair at start-up', () => {
    const env = { TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), TWILIO_AUTH_TOKEN: 'x'.repeat(20), TWILIO_PHONE_NUMBER: '+15555550100' };
    expect(() => loadConfig({ ...env, STAFF_API_TOKENS: 'clerk:0123456789abcdef,agent:short' })).toThrow(ConfigError);
    try {
      loadConfig({ ...env, STAFF_API_TOKENS: 'clerk:0123456789abcdef,agent:short' });
    } catch (error) {
      expect((error as Error).message).toMatch(/pair 1 must be role:token[\s\S]*pair 2 \(agent\): the token must be at least 16/);
    }
  });
});
