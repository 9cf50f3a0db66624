import { Express } from 'express';
import request from 'supertest';
import { SimulatedCall, VoiceTransport } from '../../scripts/voiceClient';
import { CITY_NUMBER, PUBLIC_BASE_URL, TEST_AUTH_TOKEN } from './testConfig';

/** Posts a signed webhook to the app in process: the path and query of the public URL Twilio would call. */
export function appTransport(app: Express): VoiceTransport {
  return async (url, params, signature) => {
    const { pathname, search } = new URL(url);
    const response = await request(app).post(pathname + search).set('X-Twilio-Signature', signature).type('form').send(params);
    return { status: response.status, body: response.text };
  };
}

/** A resident phoning the city from `from`, through Twilio-signed webhooks. */
export function phoneCall(app: Express, from: string): SimulatedCall {
  return new SimulatedCall({ publicBaseUrl: PUBLIC_BASE_URL, authToken: TEST_AUTH_TOKEN, from, to: CITY_NUMBER, transport: appTransport(app) });
}

/** Everything heard in one step, as one string (for toContain / toMatch). */
export function heardText(step: { heard: string[] }): string {
  return step.heard.join(' ');
}
