import request from 'supertest';
import twilio from 'twilio';
import { CivicLine } from '../../app/createCivicLine';
import { newCallSid } from '../../scripts/voiceClient';
import { startCivicLine } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { heardText, phoneCall } from '../support/phoneCall';
import { CITY_NUMBER, PUBLIC_BASE_URL, TEST_AUTH_TOKEN } from '../support/testConfig';

/** Hostile bytes and wrong types in signed voice webhooks: the caller always hears an answer, nothing reaches a query. */
describe('the voice webhooks against hostile input', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    civicLine = await startCivicLine('securityVoice', { TWILIO_API_BASE_URL: await twilioApi.start(), OPENING_HOURS: 'Mon-Sun 00:00-24:00' });
  });
  afterAll(async () => {
    await civicLine.close();
    await twilioApi.stop();
  });

  it('reads back a place said with control characters and lone surrogates in it, and the call goes on', async () => {
    const call = phoneCall(civicLine.app, '+12895557200');
    await call.start();
    await call.press('1');
    await call.say('pothole\u0001');
    const place = await call.say('40 King\u0000 Street\uD800\uFFFE');
    expect(place.status).toBe(200);
    expect(heardText(place)).toContain('40 King');
    expect(place.state.kind).toBe('asked');
    expect(place.twiml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  });

  it('corrects keys that are control characters or letters without hanging up', async () => {
    const call = phoneCall(civicLine.app, '+12895557201');
    await call.start();
    const wrong = await call.press('\u00019x\u001B');
    expect(wrong.status).toBe(200);
    expect(wrong.state.kind).toBe('asked');
    expect(heardText(wrong)).toContain("Sorry, 9 isn't one of the choices.");
  });

  const signedForm = (path: string, fields: Record<string, string | string[]>, form: string) =>
    request(civicLine.app)
      .post(path)
      .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, PUBLIC_BASE_URL + path, fields as Record<string, string>))
      .type('form')
      .send(form);

  const routes = ['/twilio/voice', '/twilio/voice/gather?step=0123456789ab', '/twilio/voice/resume?step=0123456789ab', '/twilio/voice/callback/answer?attempt=a:1', '/twilio/voice/callback/status?attempt=a:1'];
  const fields = ['CallSid', 'From', 'To', 'Digits', 'SpeechResult', 'CallStatus', 'AnsweredBy'];
  it.each(routes.flatMap((route) => fields.map((field) => [route, field])))('%s: %s sent twice or as an operator is a clean 400', async (route, field) => {
    const base: Record<string, string> = { CallSid: newCallSid(), From: '+12895557202', To: CITY_NUMBER, CallStatus: 'in-progress', Digits: '1', SpeechResult: 'hello', AnsweredBy: 'human' };
    for (const extra of [`${field}=a&${field}=b`, `${field}[$ne]=x`]) {
      const rest = new URLSearchParams(Object.entries(base).filter(([k]) => k !== field));
      const signed: Record<string, string | string[]> = Object.fromEntries(rest);
      for (const [k, v] of new URLSearchParams(extra)) signed[k] = signed[k] === undefined ? v : ([] as string[]).concat(signed[k], v);
      const response = await signedForm(route, signed, `${rest.toString()}&${extra}`);
      expect(response.status).toBe(400);
    }
  });

  it('an unknown call-back attempt with a database-looking id hangs up politely, never a 5xx', async () => {
    for (const attempt of ['%24ne', 'x'.repeat(300), '..%2F..']) {
      const path = `/twilio/voice/callback/answer?attempt=${attempt}`;
      const fieldsSent = { CallSid: newCallSid(), From: '+12895557203', To: CITY_NUMBER, AnsweredBy: 'human' };
      const response = await signedForm(path, fieldsSent, new URLSearchParams(fieldsSent).toString());
      expect(response.status).toBe(200);
      expect(response.text).toContain('<Hangup/>');
    }
  });
});
