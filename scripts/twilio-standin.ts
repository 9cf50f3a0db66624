/**
 * A local stand-in for Twilio's REST API, to watch what CivicLine sends Twilio (texts, call-backs) without an
 * account. Start it, then start CivicLine with TWILIO_API_BASE_URL pointing here: every text is printed, and every
 * call-back is played the way Twilio would (the resident answers, hears the greeting, is put through to the agent,
 * the call ends), with signed webhooks to the server.
 *   npx tsx scripts/twilio-standin.ts                       # listens on 127.0.0.1:4010
 *   npx tsx scripts/twilio-standin.ts --answer machine      # or: person (default), nobody
 *   npx tsx scripts/twilio-standin.ts --agent nobody        # the agent does not pick up
 */
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import express from 'express';
import twilio from 'twilio';
import { localTransport, parseTwiml, wordsIn } from './voiceClient';

dotenv.config({ path: path.resolve(__dirname, '..', '.env'), quiet: true });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4010' }, answer: { type: 'string', default: 'person' }, agent: { type: 'string', default: 'person' } },
  });
  const port = process.env.PORT || '3978';
  const publicBaseUrl = (process.env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const transport = localTransport(publicBaseUrl, `http://127.0.0.1:${port}`);
  const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';
  const post = async (url: string, params: Record<string, string>) => (await transport(url, params, twilio.getExpectedTwilioSignature(authToken, url, params))).body;
  let calls = 0;
  let texts = 0;

  const app = express();
  app.post('/2010-04-01/Accounts/:account/Messages.json', express.urlencoded({ extended: false }), (req, res) => {
    const form = req.body as Record<string, string>;
    console.log(`TEXT to ${form.To}: ${form.Body}`);
    res.status(201).json({ sid: `SM${String(++texts).padStart(32, '0')}`, to: form.To, from: form.From, body: form.Body, status: 'queued' });
  });
  app.post('/2010-04-01/Accounts/:account/Calls.json', express.urlencoded({ extended: false }), (req, res) => {
    const form = req.body as Record<string, string>;
    const sid = `CA${String(++calls).padStart(32, '0')}`;
    console.log(`CALL ${sid} to ${form.To} from ${form.From} (machine detection: ${form.MachineDetection ?? 'off'})`);
    res.status(201).json({ sid, to: form.To, from: form.From, status: 'queued' });
    const base = { AccountSid: req.params.account, CallSid: sid, From: form.From, To: form.To, Direction: 'outbound-api', ApiVersion: '2010-04-01' };
    setTimeout(() => void play(form, base).catch((error: unknown) => console.error(`CALL ${sid} failed:`, error)), 1000);
  });
  app.get('/2010-04-01/Accounts/:account/Calls/:sid.json', (req, res) => {
    res.json({ sid: req.params.sid, status: 'completed' });
  });
  app.get('/v2/PhoneNumbers/:number', (req, res) => {
    res.json({ phone_number: req.params.number, valid: true, line_type_intelligence: { type: 'mobile' } });
  });

  async function play(form: Record<string, string>, base: Record<string, string>): Promise<void> {
    const end = async (status: string) => {
      console.log(`  call ended: ${status}`);
      await post(form.StatusCallback, { ...base, CallStatus: status });
    };
    if (values.answer === 'nobody') return end('no-answer');
    const twiml = parseTwiml(await post(form.Url, { ...base, CallStatus: 'in-progress', AnsweredBy: values.answer === 'machine' ? 'machine_start' : 'human' }));
    for (const words of wordsIn({ ...twiml, children: twiml.children.filter((c) => c.name !== 'Dial') })) console.log(`  resident hears: ${words}`);
    const dial = twiml.children.find((c) => c.name === 'Dial');
    const number = dial?.children.find((c) => c.name === 'Number');
    if (dial && number) {
      console.log(`  dialling the agent at ${number.text}`);
      if (values.agent !== 'nobody') for (const words of wordsIn(parseTwiml(await post(number.attributes.url, { ...base, CallStatus: 'in-progress' })))) console.log(`  agent hears: ${words}`);
      const after = parseTwiml(await post(dial.attributes.action, { ...base, CallStatus: 'in-progress', DialCallStatus: values.agent === 'nobody' ? 'no-answer' : 'completed' }));
      for (const words of wordsIn(after)) console.log(`  resident hears: ${words}`);
    }
    await end('completed');
  }

  const server = app.listen(Number(values.port), '127.0.0.1');
  await once(server, 'listening');
  console.log(`Twilio stand-in on http://127.0.0.1:${values.port}: start CivicLine with TWILIO_API_BASE_URL=http://127.0.0.1:${values.port}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
