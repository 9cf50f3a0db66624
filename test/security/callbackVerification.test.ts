import { TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { CODE_TEXT, codeTextedTo, codesTextedTo } from '../support/verificationCodes';
import { waitFor } from '../support/waitFor';
import { WebServer } from '../support/webChatHarness';
import { WebChatter } from '../support/webChatter';

/**
 * Attack: anonymous web chat made the city text and call any number (one call-back request per new Direct Line
 * conversation). A number given in web chat is now proved by a code texted to it before anything else reaches it,
 * and codes to one number are limited whoever asks.
 */
const ENV = {
  OPENING_HOURS: 'Mon-Sun 00:00-24:00',
  TWILIO_LOOKUP_LINE_TYPE: 'false',
  // One proxy in front: X-Forwarded-For names the client, as behind the city's load balancer.
  TRUST_PROXY: '1',
  RATE_LIMIT_IP_PER_MINUTE: '10000',
  RATE_LIMIT_CONVERSATION_PER_MINUTE: '1000',
  CALLBACK_DISPATCH_SECONDS: '0',
};
/** Codes texted to one number a day, whoever asks (CODES_PER_NUMBER). */
const K = 3;

const from = (ip: string) => ({ 'X-Forwarded-For': ip });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** "Call me back about my water bill, as soon as possible, at this number": what a resident or an attacker types. */
async function askForCallBack(chatter: WebChatter, number: string): Promise<string> {
  await chatter.say('can someone call me back about my water bill');
  const next = await chatter.say('As soon as possible');
  if (/what is it about/i.test(next)) await chatter.say('my water bill');
  return chatter.say(number);
}

describe('a call-back number given in web chat', () => {
  let twilioApi: FakeTwilioApi;
  let server: WebServer;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    server = await WebServer.start('callbackVerification', { ...ENV, TWILIO_API_BASE_URL: await twilioApi.start() });
  });
  afterAll(async () => {
    await server.stop();
    await twilioApi.stop();
  });

  it('gets one text (the code and the city name only); nothing is queued or called until the code is typed, then it is', async () => {
    const phone = '+12895552001';
    const { callbacks } = server.civicLine;
    await callbacks.roster.setAvailability('ann', true, '+19055550401');
    const resident = await WebChatter.start(server, from('198.51.100.1'));
    const asked = await askForCallBack(resident, '289-555-2001');
    expect(asked).not.toMatch(/in line/);

    const code = await codeTextedTo(twilioApi, phone);
    await sleep(300);
    expect(twilioApi.to(phone)).toHaveLength(1);
    expect(twilioApi.to(phone)[0].body).toMatch(CODE_TEXT);
    expect(await callbacks.queue.activeFor(phone)).toEqual([]);
    await callbacks.dispatcher.tick();
    expect(twilioApi.calls.filter((c) => c.to === phone)).toEqual([]);

    // Typed as people do, with spaces around and inside.
    expect(await resident.say(` ${code.slice(0, 3)} ${code.slice(3)} `)).toMatch(/number \d+ in line for a call back to 289-555-2001/);
    const [request] = await callbacks.queue.activeFor(phone);
    expect(request).toMatchObject({ phone, channel: 'webchat', state: 'waiting' });
    await waitFor(() => twilioApi.to(phone).length === 2, 'the confirming text');
    expect(twilioApi.to(phone)[1].body).toMatch(/^Town of Elmhurst: you're number \d+ in line/);
    await callbacks.dispatcher.tick();
    await waitFor(() => twilioApi.calls.some((c) => c.to === phone), 'the call to the proved number');
    await callbacks.roster.setAvailability('ann', false);
  });

  it('is not asked to prove the same number again by the same resident (browser key) for a while', async () => {
    const phone = '+12895552002';
    const first = await WebChatter.start(server, from('198.51.100.2'));
    await askForCallBack(first, '289-555-2002');
    expect(await first.say(await codeTextedTo(twilioApi, phone))).toMatch(/in line for a call back to 289-555-2002/);
    const [request] = await server.civicLine.callbacks.queue.activeFor(phone);
    await server.civicLine.callbacks.queue.cancel(request);

    const again = await WebChatter.startAs(server, first.session.residentKey, from('198.51.100.2'));
    expect(again.session.userId).toBe(first.session.userId);
    expect(await askForCallBack(again, '289-555-2002')).toMatch(/in line for a call back to 289-555-2002/);
    expect(codesTextedTo(twilioApi, phone)).toHaveLength(1);
  });

  it('drops the request after three wrong codes, and nothing more reaches the number', async () => {
    const phone = '+12895552003';
    const guesser = await WebChatter.start(server, from('198.51.100.3'));
    await askForCallBack(guesser, '289-555-2003');
    const code = await codeTextedTo(twilioApi, phone);
    const wrong = (n: number) => String((Number(code) + n) % 1_000_000).padStart(6, '0');
    await guesser.say(wrong(1));
    await guesser.say(wrong(2));
    const third = await guesser.say(wrong(3));
    expect(third).not.toMatch(/in line/);
    // The right code, too late: the attempt is over.
    expect(await guesser.say(code)).not.toMatch(/in line/);
    await server.civicLine.callbacks.dispatcher.tick();
    await sleep(500);
    expect(await server.civicLine.callbacks.queue.activeFor(phone)).toEqual([]);
    expect(twilioApi.to(phone)).toHaveLength(1);
    expect(twilioApi.calls.filter((c) => c.to === phone)).toEqual([]);
  });

  it('sends a new code once on "send it again", and only the newest works', async () => {
    const phone = '+12895552004';
    const resident = await WebChatter.start(server, from('198.51.100.4'));
    await askForCallBack(resident, '289-555-2004');
    const firstCode = await codeTextedTo(twilioApi, phone);
    await resident.say('I didn\'t get it, send it again');
    const secondCode = await codeTextedTo(twilioApi, phone, 2);
    await resident.say('send it again');
    await sleep(300);
    expect(codesTextedTo(twilioApi, phone)).toHaveLength(2);
    if (firstCode !== secondCode) expect(await resident.say(firstCode)).not.toMatch(/in line/);
    expect(await resident.say(secondCode)).toMatch(/in line for a call back to 289-555-2004/);
  });

  it(`texts at most ${K} codes to one number however many fresh conversations and addresses ask`, async () => {
    const phone = '+12895552005';
    // The first alone (a burst may be refused as a whole), then the rest in bursts, each from its own address.
    await askForCallBack(await WebChatter.start(server, from('203.0.113.1')), '289-555-2005');
    for (let batch = 0; batch < 4; batch++) {
      await Promise.all(
        Array.from({ length: batch === 3 ? 4 : 5 }, async (_, i) => askForCallBack(await WebChatter.start(server, from(`203.0.113.${batch * 5 + i + 2}`)), '289-555-2005')),
      );
    }
    await sleep(1000);
    const codes = codesTextedTo(twilioApi, phone);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.length).toBeLessThanOrEqual(K);
    expect(twilioApi.to(phone)).toHaveLength(codes.length);
    await server.civicLine.callbacks.dispatcher.tick();
    expect(twilioApi.calls.filter((c) => c.to === phone)).toEqual([]);
    expect(await server.civicLine.callbacks.queue.activeFor(phone)).toEqual([]);
  }, 300_000);

  it('on SMS, needs no code for the texter\'s own number but does for another one', async () => {
    const texter = new TextingResident(server.civicLine, '+12895552010');
    const other = '+12895552011';
    await texter.say('can someone call me back about my water bill');
    await texter.say('1');
    expect(await texter.say('2')).toMatch(/What number should we call\?/);
    expect(await texter.say('289-555-2011')).not.toMatch(/in line/);
    const code = await codeTextedTo(twilioApi, other);
    expect(await server.civicLine.callbacks.queue.activeFor(other)).toEqual([]);
    expect(await texter.say(code)).toMatch(/in line for a call back to 289-555-2011/);
    await waitFor(() => twilioApi.to(other).length === 2, 'the confirming text');

    const own = new TextingResident(server.civicLine, '+12895552012');
    await own.say('can someone call me back about my water bill');
    await own.say('1');
    expect(await own.say('yes')).toMatch(/in line for a call back to 289-555-2012/);
    expect(codesTextedTo(twilioApi, '+12895552012')).toEqual([]);
  });

  it('never shows a client the address the server stamped, and ignores an address the client claims', async () => {
    const chatter = await WebChatter.start(server, from('198.51.100.9'));
    await chatter.say('hello', { channelData: { clientActivityID: 'c-1', civicLineClientIp: '192.0.2.77' } });
    const own = chatter.seen.find((a) => a.channelData?.clientActivityID === 'c-1');
    expect(own?.channelData).toEqual({ clientActivityID: 'c-1' });
    const [stored] = (await server.civicLine.directLine.activitiesAfter(chatter.session.conversationId, 0)).activities.filter((a) => a.channelData?.clientActivityID === 'c-1');
    expect(stored.channelData).toMatchObject({ civicLineClientIp: '198.51.100.9' });
  });
});
