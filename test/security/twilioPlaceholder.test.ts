import { Server } from 'node:http';
import { CivicLine } from '../../app/createCivicLine';
import { PLACEHOLDER_AUTH_TOKEN } from '../../config/config';
import { cameFromLoopback } from '../../http/loopback';
import { smsWebhookParams, twilioSignature } from '../../scripts/smsClient';
import { startCivicLine } from '../support/civicLineHarness';
import { LocalProxy } from '../support/localProxy';
import { closeServer, listenEverywhere, outsideAddress } from '../support/outsideAddress';
import { CITY_NUMBER, PUBLIC_BASE_URL, SMS_WEBHOOK_URL } from '../support/testConfig';

/** A webhook signed with the placeholder token, as anyone who read .env.example can sign one. */
function signedSms(body: string): { params: Record<string, string>; signature: string } {
  const params = smsWebhookParams({ webhookUrl: SMS_WEBHOOK_URL, authToken: PLACEHOLDER_AUTH_TOKEN, from: '+12895550931', to: CITY_NUMBER }, body);
  return { params, signature: twilioSignature(PLACEHOLDER_AUTH_TOKEN, SMS_WEBHOOK_URL, params) };
}

function signedCall(path: string): { params: Record<string, string>; signature: string } {
  const params = { CallSid: 'CA' + 'e'.repeat(32), AccountSid: 'AC' + '0123456789abcdef'.repeat(2), From: '+12895550932', To: CITY_NUMBER, CallStatus: 'ringing', Direction: 'inbound' };
  return { params, signature: twilioSignature(PLACEHOLDER_AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params) };
}

async function post(baseUrl: string, path: string, signed: { params: Record<string, string>; signature: string }, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signed.signature, ...headers },
    body: new URLSearchParams(signed.params).toString(),
  });
  return { status: response.status, body: await response.text() };
}

describe('the placeholder Twilio auth token (whose value is public)', () => {
  describe('decides by the socket, then by every client a forwarder names', () => {
    const from = (remoteAddress: string, headers: Record<string, string> = {}) => cameFromLoopback({ socket: { remoteAddress } as never, headers });

    it('takes this machine, IPv4 or IPv6, mapped or not', () => {
      expect(from('127.0.0.1')).toBe(true);
      expect(from('::1')).toBe(true);
      expect(from('::ffff:127.0.0.1')).toBe(true);
      expect(from('127.0.0.1', { 'x-forwarded-for': '127.0.0.1, ::1' })).toBe(true);
    });

    it('refuses another machine, whatever the headers claim', () => {
      expect(from('203.0.113.5')).toBe(false);
      expect(from('::ffff:203.0.113.5')).toBe(false);
      expect(from('fd00::2')).toBe(false);
      expect(from('203.0.113.5', { 'x-forwarded-for': '127.0.0.1' })).toBe(false);
      expect(from('203.0.113.5', { 'x-real-ip': '127.0.0.1', forwarded: 'for=127.0.0.1' })).toBe(false);
    });

    it('refuses what a local proxy or tunnel forwards for an outside client, or cannot say for whom', () => {
      expect(from('127.0.0.1', { 'x-forwarded-for': '203.0.113.5' })).toBe(false);
      expect(from('127.0.0.1', { 'x-forwarded-for': '127.0.0.1, 203.0.113.5' })).toBe(false);
      expect(from('127.0.0.1', { 'x-real-ip': '203.0.113.5' })).toBe(false);
      expect(from('127.0.0.1', { forwarded: 'for="[2001:db8::1]:4711";proto=https' })).toBe(false);
      expect(from('127.0.0.1', { forwarded: 'for=unknown' })).toBe(false);
      expect(from('127.0.0.1', { 'x-forwarded-for': '' })).toBe(false);
    });
  });

  describe('on the webhooks of a running CivicLine', () => {
    let civicLine: CivicLine;
    let server: Server;
    let port: number;
    const proxy = () => new LocalProxy(port);
    beforeAll(async () => {
      civicLine = await startCivicLine('twilioPlaceholder', { TWILIO_AUTH_TOKEN: PLACEHOLDER_AUTH_TOKEN });
      ({ server, port } = await listenEverywhere(civicLine.app));
    });
    afterAll(async () => {
      await closeServer(server);
      await civicLine.close();
    });

    it('still answers a signed text sent from this machine (scripts/text.ts)', async () => {
      const answer = await post(`http://127.0.0.1:${port}`, '/twilio/sms', signedSms('hi'));
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('<Message>');
    });

    it('refuses a signed text whose connection comes from another address', async () => {
      const answer = await post(`http://${outsideAddress()}:${port}`, '/twilio/sms', signedSms('my reports'));
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain('<Message>');
    });

    it('refuses what a local reverse proxy forwards from outside, though its socket is loopback', async () => {
      const local = proxy();
      const proxyPort = await local.start();
      try {
        expect((await post(`http://${outsideAddress()}:${proxyPort}`, '/twilio/sms', signedSms('my reports'))).status).toBe(403);
        // The same proxy used from this machine names 127.0.0.1: a local test through it still works.
        expect((await post(`http://127.0.0.1:${proxyPort}`, '/twilio/sms', signedSms('hi'))).status).toBe(200);
      } finally {
        await local.stop();
      }
    });

    it('refuses every voice and call-back webhook forwarded for an outside client', async () => {
      const outside = { 'X-Forwarded-For': '203.0.113.77' };
      for (const path of ['/twilio/voice', '/twilio/voice/gather', '/twilio/voice/dial-status', '/twilio/voice/callback/answer', '/twilio/voice/callback/status']) {
        const answer = await post(`http://127.0.0.1:${port}`, path, signedCall(path), outside);
        expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      }
      expect((await post(`http://127.0.0.1:${port}`, '/twilio/voice', signedCall('/twilio/voice'))).status).toBe(200);
    });
  });

  it('refuses an outside client named by a trusted proxy (TRUST_PROXY set): req.ip is not what decides', async () => {
    const civicLine = await startCivicLine('twilioPlaceholderTrusted', { TWILIO_AUTH_TOKEN: PLACEHOLDER_AUTH_TOKEN, TRUST_PROXY: '1' });
    const { server, port } = await listenEverywhere(civicLine.app);
    try {
      expect((await post(`http://127.0.0.1:${port}`, '/twilio/sms', signedSms('my reports'), { 'X-Forwarded-For': '198.51.100.23' })).status).toBe(403);
      expect((await post(`http://127.0.0.1:${port}`, '/twilio/sms', signedSms('hi'))).status).toBe(200);
    } finally {
      await closeServer(server);
      await civicLine.close();
    }
  });

  it('a real auth token takes signed webhooks from anywhere (Twilio is not on this machine)', async () => {
    const token = '0f3c9a7be21d4c5e8a6b1d2e3f4a5b6c';
    const civicLine = await startCivicLine('twilioRealToken', { TWILIO_AUTH_TOKEN: token });
    const { server, port } = await listenEverywhere(civicLine.app);
    try {
      const params = smsWebhookParams({ webhookUrl: SMS_WEBHOOK_URL, authToken: token, from: '+12895550933', to: CITY_NUMBER }, 'hi');
      const signed = { params, signature: twilioSignature(token, SMS_WEBHOOK_URL, params) };
      expect((await post(`http://${outsideAddress()}:${port}`, '/twilio/sms', signed)).status).toBe(200);
    } finally {
      await closeServer(server);
      await civicLine.close();
    }
  });
});
