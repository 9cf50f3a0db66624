import request from 'supertest';
import twilio from 'twilio';
import { CivicLine } from '../../app/createCivicLine';
import { newCallSid, parseTwiml, wordsIn } from '../../scripts/voiceClient';
import { startCivicLine } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { heardText, phoneCall } from '../support/phoneCall';
import { CITY_NUMBER, PUBLIC_BASE_URL, TEST_AUTH_TOKEN } from '../support/testConfig';

const MENU = [
  'For Report a problem, press 1.',
  'For check on a report or permit, press 2.',
  'For Ask a question, press 3.',
  'For Get a call back, press 4.',
  'For Talk to a person, press 5.',
  'For another language, pour le français, press 6.',
];

/** Incoming calls over Twilio-signed webhooks: the TwiML read as XML, as Twilio reads it. */
describe('the phone line (POST /twilio/voice and the webhooks under /twilio/voice/)', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    const apiBaseUrl = await twilioApi.start();
    civicLine = await startCivicLine('voiceWebhook', { TWILIO_API_BASE_URL: apiBaseUrl, OPENING_HOURS: 'Mon-Sun 00:00-24:00', CALLBACK_DISPATCH_SECONDS: '0' });
  });
  afterAll(async () => {
    await civicLine.close();
    await twilioApi.stop();
  });

  describe('signatures', () => {
    const routes = ['/twilio/voice', '/twilio/voice/gather?step=0123456789ab', '/twilio/voice/silence?step=0123456789ab', '/twilio/voice/menu?step=0123456789ab', '/twilio/voice/resume?step=0123456789ab', '/twilio/voice/dial-status?step=0123456789ab', '/twilio/voice/whisper?call=CA1&step=0123456789ab', '/twilio/voice/callback/answer?attempt=a:1', '/twilio/voice/callback/agent-whisper?attempt=a:1', '/twilio/voice/callback/agent-status?attempt=a:1', '/twilio/voice/callback/status?attempt=a:1'];
    const params = () => ({ CallSid: newCallSid(), From: '+12895550600', To: CITY_NUMBER, CallStatus: 'ringing', Digits: '1' });

    it.each(routes)('%s refuses a request without a signature (403)', async (route) => {
      const response = await request(civicLine.app).post(route).type('form').send(params());
      expect(response.status).toBe(403);
    });

    it.each(routes)('%s refuses a request signed with another auth token (403)', async (route) => {
      const body = params();
      const signature = twilio.getExpectedTwilioSignature('someone-elses-token-000', PUBLIC_BASE_URL + route, body);
      const response = await request(civicLine.app).post(route).set('X-Twilio-Signature', signature).type('form').send(body);
      expect(response.status).toBe(403);
    });

    it('a refused request leaves no trace: the same call then starts normally', async () => {
      const body = params();
      await request(civicLine.app).post('/twilio/voice').type('form').send(body);
      const signature = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_BASE_URL}/twilio/voice`, body);
      const response = await request(civicLine.app).post('/twilio/voice').set('X-Twilio-Signature', signature).type('form').send(body);
      expect(response.status).toBe(200);
      expect(wordsIn(parseTwiml(response.text)).join(' ')).toContain("you've reached the Town of Elmhurst");
    });

    it('answers 400 when a field Twilio always sends is missing', async () => {
      const body = { From: '+12895550600', To: CITY_NUMBER };
      const signature = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_BASE_URL}/twilio/voice`, body);
      const response = await request(civicLine.app).post('/twilio/voice').set('X-Twilio-Signature', signature).type('form').send(body);
      expect(response.status).toBe(400);
    });
  });

  it('answers a call with a greeting and the six-item menu, spoken and keyed, inside <Gather>', async () => {
    const call = phoneCall(civicLine.app, '+12895550601');
    const step = await call.start();
    const root = parseTwiml(step.twiml);
    expect(root.children.map((c) => c.name)).toEqual(['Gather', 'Gather', 'Redirect']);
    const [gather, again, redirect] = root.children;
    const stepId = /step=([0-9a-f]{12})$/.exec(gather.attributes.action)?.[1];
    expect(gather.attributes).toMatchObject({
      input: 'dtmf speech',
      action: `${PUBLIC_BASE_URL}/twilio/voice/gather?step=${stepId}`,
      method: 'POST',
      language: 'en-CA',
      numDigits: '1',
      speechTimeout: 'auto',
    });
    expect(gather.attributes.hints.split(', ')).toEqual(expect.arrayContaining(['Report a problem', 'Ask a question', 'Talk to a person']));
    expect(gather.children.every((say) => say.name === 'Say' && say.attributes.language === 'en-US' && say.attributes.voice === 'Polly.Joanna-Neural')).toBe(true);
    expect(wordsIn(gather)).toEqual(["Hello, you've reached the Town of Elmhurst. Tell me in a few words what you need, or choose from this menu.", ...MENU]);
    expect(again.attributes).toEqual(gather.attributes);
    expect(wordsIn(again)[0]).toBe("Sorry, I didn't hear anything.");
    expect(redirect.text).toBe(`${PUBLIC_BASE_URL}/twilio/voice/silence?step=${stepId}`);
  });

  it('a webhook Twilio delivers twice gets the same answer, and its turn runs once', async () => {
    const call = phoneCall(civicLine.app, '+12895550602');
    const first = await call.start();
    expect((await call.retry()).twiml).toBe(first.twiml);

    await call.press('1');
    await call.say('pothole');
    await call.say('40 King Street');
    await call.say('yes'); // the place heard, read back
    await call.say('a big pothole in the middle of the road');
    const sent = await call.say('yes');
    const again = await call.retry();
    expect(again.twiml).toBe(sent.twiml);
    const mine = await civicLine.cases.listForReporter('+12895550602');
    expect(mine).toHaveLength(1);
  });

  it('corrects a key that is not on the menu and asks the same question again, never hanging up', async () => {
    const call = phoneCall(civicLine.app, '+12895550603');
    await call.start();
    const wrong = await call.press('8');
    expect(wrong.heard).toEqual(["Sorry, 8 isn't one of the choices.", "Hello, you've reached the Town of Elmhurst. Tell me in a few words what you need, or choose from this menu.", ...MENU]);
    expect(wrong.state.kind).toBe('asked');
    expect(heardText(await call.press('1'))).toContain("What's the problem?");
  });

  it('star brings the main menu back from any question', async () => {
    const call = phoneCall(civicLine.app, '+12895550604');
    await call.start();
    await call.press('1');
    expect(heardText(await call.press('*'))).toContain(MENU[0]);
  });

  it('on silence asks once more, then offers to go on or the menu, then says goodbye and hangs up', async () => {
    const call = phoneCall(civicLine.app, '+12895550605');
    await call.start();
    await call.press('3');
    const repeated = await call.silence();
    expect(repeated.heard).toEqual(["Sorry, I didn't hear anything.", "Sure. What's your question?"]);
    const stillThere = await call.silence();
    expect(stillThere.heard).toEqual(['Are you still there? To go on where we were, press 1 or say yes. For the main menu, press star.']);
    const goodbye = await call.silence();
    expect(goodbye.heard).toEqual(['Thank you for calling the Town of Elmhurst. Goodbye.']);
    expect(goodbye.state.kind).toBe('ended');
    expect(parseTwiml(goodbye.twiml).children.map((c) => c.name)).toEqual(['Gather', 'Say', 'Hangup']);
  });

  it('after silence, star at "still there?" brings the menu back', async () => {
    const call = phoneCall(civicLine.app, '+12895550606');
    await call.start();
    await call.silence();
    await call.silence();
    expect((await call.press('*')).heard).toEqual(expect.arrayContaining(MENU));
  });

  it('after silence in the middle of a report, 1 at "still there?" asks the question again and the report goes on', async () => {
    const caller = '+12895550608';
    const call = phoneCall(civicLine.app, caller);
    await call.start();
    await call.press('1');
    const where = heardText(await call.say('pothole'));
    await call.silence();
    await call.silence();
    const again = heardText(await call.press('1'));
    expect(again).toContain('Here is the question again.');
    expect(again).toContain(where.split('. ').pop()!);
    await call.say('123 Main Street');
    let heard = heardText(await call.say('yes'));
    for (let turn = 0; turn < 3 && !/case number is/.test(heard); turn++) heard = heardText(await call.say(/describe/i.test(heard) ? 'a deep hole' : 'yes'));
    expect(heard).toMatch(/case number is/);
    expect(await civicLine.cases.listForReporter(caller, 5)).toEqual([expect.objectContaining({ category: 'pothole' })]);
  });

  it('after a statement, asks whether there is anything else rather than going quiet', async () => {
    const call = phoneCall(civicLine.app, '+12895550607');
    await call.start();
    const answer = await call.say('how do I license my dog?');
    expect(answer.heard[0]).toMatch(/dog/i);
    expect(answer.heard.join(' ')).not.toMatch(/https?:|www\./);
    expect(answer.heard[answer.heard.length - 1]).toBe('Is there anything else I can help with? Tell me in a few words, or press star for the main menu.');
    const wrong = await call.press('4');
    expect(wrong.heard[0]).toBe("Sorry, 4 isn't one of the choices.");
  });
});
