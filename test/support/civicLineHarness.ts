import request from 'supertest';
import { CivicLine, CivicLineOptions, createCivicLine } from '../../app/createCivicLine';
import { Logger, silentLogger } from '../../app/Logger';
import { messagesInTwiml, SmsMedia, smsWebhookParams, twilioSignature } from '../../scripts/smsClient';
import { testDatabaseUri } from './database';
import { FakeTwilioApi } from './fakeTwilioApi';
import { PROJECT_ROOT } from './paths';
import { CITY_NUMBER, SMS_WEBHOOK_URL, TEST_AUTH_TOKEN, testConfig } from './testConfig';

/** The whole app, built by the real composition root, on a fresh database. */
export async function startCivicLine(
  label: string,
  env: Record<string, string> = {},
  databaseUri = testDatabaseUri(label),
  options: Partial<Pick<CivicLineOptions, 'logger' | 'lateReplyGraceMs' | 'photoCopyIntervalMs' | 'photoCopyRetryMs' | 'clock' | 'contentRoot' | 'databaseStatus'>> = {},
): Promise<CivicLine> {
  return createCivicLine({ config: testConfig(env), databaseUri, logger: silentLogger, contentRoot: PROJECT_ROOT, ...options });
}

/** CivicLine whose Twilio REST calls go to a local stand-in of its own (texts, calls, Lookup). */
export async function startWithTwilioStandIn(
  label: string,
  env: Record<string, string> = {},
  options: Parameters<typeof startCivicLine>[3] = {},
): Promise<{ civicLine: CivicLine; twilioApi: FakeTwilioApi }> {
  const twilioApi = new FakeTwilioApi();
  const apiBaseUrl = await twilioApi.start();
  return { twilioApi, civicLine: await startCivicLine(label, { TWILIO_API_BASE_URL: apiBaseUrl, ...env }, undefined, options) };
}

export async function stopWithTwilioStandIn(started: { civicLine?: CivicLine; twilioApi?: FakeTwilioApi }): Promise<void> {
  await started.civicLine?.close();
  await started.twilioApi?.stop();
}

/** A logger that keeps every line, to check what operators would read. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(message),
    error: (message, error) => lines.push(error === undefined ? message : `${message} ${error instanceof Error ? error.stack : String(error)}`),
  };
}

export interface SmsReply {
  status: number;
  twiml: string;
  replies: string[];
}

/** A resident with a phone, texting the city through Twilio-signed webhooks. */
export class TextingResident {
  constructor(
    private readonly civicLine: CivicLine,
    readonly phone: string,
  ) {}

  protected civicLineCases() {
    return this.civicLine.cases;
  }

  async send(body: string, media: SmsMedia[] = [], sid?: string): Promise<SmsReply> {
    const params = smsWebhookParams({ webhookUrl: SMS_WEBHOOK_URL, authToken: TEST_AUTH_TOKEN, from: this.phone, to: CITY_NUMBER }, body, media, sid);
    const response = await request(this.civicLine.app)
      .post('/twilio/sms')
      .set('X-Twilio-Signature', twilioSignature(TEST_AUTH_TOKEN, SMS_WEBHOOK_URL, params))
      .type('form')
      .send(params);
    return { status: response.status, twiml: response.text, replies: messagesInTwiml(response.text) };
  }

  /** The single reply text of one message (replies of a turn are packed into one SMS when they fit). */
  async say(body: string, media: SmsMedia[] = []): Promise<string> {
    const reply = await this.send(body, media);
    if (reply.status !== 200) throw new Error(`Webhook answered ${reply.status}: ${reply.twiml}`);
    return reply.replies.join('\n\n');
  }
}
