import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sendSms } from '../../scripts/smsClient';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { ServerProcess } from '../support/serverProcess';
import { waitFor } from '../support/waitFor';

describe('SIGTERM while replies are still owed by text and Twilio does not answer', () => {
  it('exits within seconds, handing the replies to the outbox; the next start texts each one exactly once', async () => {
    const twilioApi = new FakeTwilioApi();
    const env = { TWILIO_API_BASE_URL: await twilioApi.start(), SMS_REPLY_BUDGET_MS: '0', TWILIO_TIMEOUT_MS: '30000' };
    const server = await ServerProcess.create(mkdtempSync(path.join(os.tmpdir(), 'civicline-shutdown-')), env);
    const residents = ['+12895551401', '+12895551402', '+12895551403'];
    try {
      await server.start();
      twilioApi.behaviour = 'hang';
      const answers = await Promise.all(residents.map((from, i) => sendSms({ ...server.smsOptions, from }, `pothole at ${i + 1} Brock St, deep enough to bend a rim`)));
      for (const answer of answers) expect(answer.replies).toEqual([]); // answered late: the replies are owed by text
      await waitFor(() => twilioApi.attempts >= 1, 'a text is stuck at Twilio');

      const started = Date.now();
      await server.stop('SIGTERM');
      const took = Date.now() - started;

      expect(took).toBeLessThan(8000);
      expect(server.log).not.toMatch(/still unsent/);
      expect(twilioApi.messages).toEqual([]);

      twilioApi.dropHung();
      twilioApi.behaviour = 'accept';
      await server.start();
      await waitFor(() => residents.every((phone) => twilioApi.to(phone).length > 0), 'every reply texted after the restart', 30000);
      await new Promise((r) => setTimeout(r, 1500));
      residents.forEach((phone, i) => {
        expect(twilioApi.to(phone)).toHaveLength(1);
        expect(twilioApi.to(phone)[0].body).toMatch(new RegExp(`Pothole at ${i + 1} Brock St[\\s\\S]*Reply YES`));
      });
    } finally {
      await server.stop('SIGTERM');
      await twilioApi.stop();
    }
  }, 120000);
});
