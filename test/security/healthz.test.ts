import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';

const AGENT_TOKEN = 'healthz-agent-token-0123456789';
const ADMIN_TOKEN = 'healthz-admin-token-0123456789';

describe('GET /healthz', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('healthzSecurity', { STAFF_API_TOKENS: `agent:${AGENT_TOKEN},admin:${ADMIN_TOKEN}` });
    // An outage on record, as after a database restart: its reason names internals (addresses, signals).
    civicLine.database.status.down('connect ECONNREFUSED 127.0.0.1:27017', true);
    civicLine.database.status.up();
    civicLine.database.status.restarted();
  });
  afterAll(async () => {
    await civicLine.close();
  });

  it('tells the public only that the service is up', async () => {
    const response = await request(civicLine.app).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.text).not.toMatch(/ECONNREFUSED|27017|outage|restart/i);
  });

  it('gives the details (outages, restarts, reasons) to any staff token', async () => {
    for (const token of [AGENT_TOKEN, ADMIN_TOKEN]) {
      const response = await request(civicLine.app).get('/healthz').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ok', database: 'up', outages: 1, restarts: 1, lastOutage: { reason: 'connect ECONNREFUSED 127.0.0.1:27017' } });
    }
  });

  it('refuses a wrong or malformed token instead of guessing', async () => {
    for (const authorization of [`Bearer ${AGENT_TOKEN}x`, 'Bearer ', 'Basic YWdlbnQ6eA==', `Bearer ${AGENT_TOKEN} ${ADMIN_TOKEN}`]) {
      const response = await request(civicLine.app).get('/healthz').set('Authorization', authorization);
      expect({ authorization, status: response.status }).toEqual({ authorization, status: 401 });
      expect(response.text).not.toMatch(/ECONNREFUSED|outages/);
    }
  });

  it('says only "unavailable" to the public when the database is down', async () => {
    const down = await startCivicLine('healthzDown', { STAFF_API_TOKENS: `agent:${AGENT_TOKEN}` });
    await down.close();
    const response = await request(down.app).get('/healthz');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'unavailable' });
    const detailed = await request(down.app).get('/healthz').set('Authorization', `Bearer ${AGENT_TOKEN}`);
    expect(detailed.status).toBe(503);
    expect(detailed.body).toMatchObject({ status: 'unavailable', database: 'down' });
  });
});
