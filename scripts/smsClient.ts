import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export interface SignedSmsOptions {
  /** The public URL Twilio would call, e.g. http://localhost:3978/twilio/sms: what the signature covers. */
  webhookUrl: string;
  /** Where to post when that differs from webhookUrl (a server behind a proxy or on another port). */
  postUrl?: string;
  authToken: string;
  from: string;
  to: string;
}

export interface SmsMedia {
  url: string;
  contentType: string;
}

/** A Twilio Messaging webhook body as Twilio sends it. */
export function smsWebhookParams(options: SignedSmsOptions, body: string, media: SmsMedia[] = [], sid = newMessageSid()): Record<string, string> {
  const params: Record<string, string> = {
    MessageSid: sid,
    SmsMessageSid: sid,
    AccountSid: 'AC' + 'a'.repeat(32),
    From: options.from,
    To: options.to,
    Body: body,
    NumMedia: String(media.length),
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
  };
  media.forEach((m, i) => {
    params[`MediaUrl${i}`] = m.url;
    params[`MediaContentType${i}`] = m.contentType;
  });
  return params;
}

/** The X-Twilio-Signature Twilio would send for these params: tests sign for real, never switch checks off. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

export function newMessageSid(): string {
  return 'SM' + randomBytes(16).toString('hex');
}

/** The texts of the <Message> elements of a TwiML answer, in order. */
export function messagesInTwiml(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>(?:<Body>)?([\s\S]*?)(?:<\/Body>)?(?:<Media>[\s\S]*?<\/Media>)*<\/Message>/g)].map((m) => unescapeXml(m[1]));
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Posts one signed SMS to a running server with fetch; returns the HTTP status and the reply texts. */
export async function sendSms(options: SignedSmsOptions, body: string, media: SmsMedia[] = [], sid?: string) {
  const params = smsWebhookParams(options, body, media, sid);
  const response = await fetch(options.postUrl ?? options.webhookUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(options.authToken, options.webhookUrl, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  return { status: response.status, twiml: text, replies: messagesInTwiml(text) };
}
