import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { messagesInTwiml, smsWebhookParams, twilioSignature } from '../../scripts/smsClient';
import { recordingLogger, startCivicLine } from '../support/civicLineHarness';
import { CITY_NUMBER, SMS_WEBHOOK_URL, TEST_AUTH_TOKEN } from '../support/testConfig';

/** Hostile bytes and wrong types in a signed SMS webhook: every one is answered, none reaches a query. */
describe('POST /twilio/sms against hostile input', () => {
  let civicLine: CivicLine;
  const logger = recordingLogger();
  beforeAll(async () => {
    civicLine = await startCivicLine('securitySms', {}, undefined, { logger });
  });
  afterAll(() => civicLine.close());

  const paramsFrom = (phone: string, body: string) =>
    smsWebhookParams({ webhookUrl: SMS_WEBHOOK_URL, authToken: TEST_AUTH_TOKEN, from: phone, to: CITY_NUMBER }, body);

  /** Signed over exactly the form sent (Twilio signs the decoded key/value pairs). */
  const postForm = (form: string, params: Record<string, string | string[]>) =>
    request(civicLine.app)
      .post('/twilio/sms')
      .set('X-Twilio-Signature', twilioSignature(TEST_AUTH_TOKEN, SMS_WEBHOOK_URL, params as Record<string, string>))
      .type('form')
      .send(form);
  const post = (params: Record<string, string>) => postForm(new URLSearchParams(params).toString(), params);

  const hostile = ['\u0001', '\u0000', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF', '\u001B[31m', '\u000B\u000C'];

  it.each(hostile.map((c) => [JSON.stringify(c), c]))('answers a report whose words hold %s with its read-back, in valid TwiML', async (_name, bad) => {
    const phone = `+1289555${String(7000 + hostile.indexOf(bad)).padStart(4, '0')}`;
    const first = await post(paramsFrom(phone, `pothole at 5 Elm St${bad}, deep${bad} and wide`));
    expect(first.status).toBe(200);
    const replies = messagesInTwiml(first.text).join('\n');
    expect(replies).toContain('Please check: Pothole at 5 Elm St');
    // Nothing XML 1.0 cannot carry is in the answer.
    expect(first.text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    const yes = await post(paramsFrom(phone, 'yes'));
    expect(yes.status).toBe(200);
    expect(messagesInTwiml(yes.text).join('\n')).toMatch(/case number is \d{8}/);
  });

  it('answers the same delivery retried after a control character with the same read-back, and ends its lease', async () => {
    const params = paramsFrom('+12895557100', 'streetlight out at 40 King St\u0001');
    const first = await post(params);
    const again = await post(params);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(messagesInTwiml(again.text)).toEqual(messagesInTwiml(first.text));
    expect(messagesInTwiml(first.text).join('')).toContain('Please check');
    const receipt = await civicLine.database.connection.collection('smsReceipts').findOne({ _id: params.MessageSid as never });
    expect(receipt?.state).toBe('done');
  });

  it('never writes the resident\'s words or number to the log when a reply cannot be built', async () => {
    logger.lines.length = 0;
    await post(paramsFrom('+12895557101', 'graffiti at 12 Queen St secretword\u0000'));
    const log = logger.lines.join('\n');
    expect(log).not.toContain('secretword');
    expect(log).not.toContain('2895557101');
  });

  describe('wrong types in every field (urlencoded arrays and operators)', () => {
    const fields = ['Body', 'From', 'To', 'MessageSid', 'NumMedia', 'MediaUrl0', 'MediaContentType0', 'OptOutType'];
    it.each(fields)('%s given as an array or operator is a clean 400, nothing stored', async (field) => {
      const params = paramsFrom('+12895557102', 'pothole at 9 Elm St');
      for (const form of [`${field}=a&${field}=b`, `${field}[$ne]=x`, `${field}[$gt]=`]) {
        const rest = new URLSearchParams(Object.entries(params).filter(([k]) => k !== field));
        const body = `${rest.toString()}&${form}`;
        const signed: Record<string, string | string[]> = Object.fromEntries(rest);
        for (const [k, v] of new URLSearchParams(form)) signed[k] = signed[k] === undefined ? v : ([] as string[]).concat(signed[k], v);
        const response = await postForm(body, signed);
        expect(response.status).toBe(400);
        expect(response.text).not.toMatch(/Error|at \w+ \(/);
      }
      expect(await civicLine.database.connection.collection('smsReceipts').countDocuments({ _id: params.MessageSid as never })).toBe(0);
    });
  });

  it('takes a huge body cleanly (413), and a body at the limit is answered', async () => {
    const huge = await post(paramsFrom('+12895557103', 'x'.repeat(70_000)));
    expect(huge.status).toBe(413);
    const long = await post(paramsFrom('+12895557103', `pothole at 5 Elm St ${'\u0001very deep '.repeat(4000)}`.slice(0, 50_000)));
    expect(long.status).toBe(200);
    expect(messagesInTwiml(long.text).join('')).not.toBe('');
  });
});
