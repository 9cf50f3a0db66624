import { Activity, ActivityTypes, Attachment, ConversationReference } from 'botbuilder';

export const SMS_CHANNEL_ID = 'sms';
/** Twilio allows up to 10 media items per MMS. */
const MAX_MEDIA = 10;

/** The Messaging webhook fields CivicLine reads; the whole payload is kept in channelData. */
export interface SmsWebhookPayload {
  MessageSid: string;
  From: string;
  To: string;
  Body?: string;
  NumMedia?: string;
  [field: string]: string | undefined;
}

/** Null when a field Twilio always sends is missing or malformed. */
export function readSmsPayload(body: unknown): SmsWebhookPayload | null {
  if (typeof body !== 'object' || body === null) return null;
  const fields = body as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const sid = text('MessageSid') ?? text('SmsMessageSid');
  const from = text('From');
  const to = text('To');
  if (!sid || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid) || !from || !to) return null;
  const strings = Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return { ...strings, MessageSid: sid, From: from, To: to };
}

/** One SMS/MMS as a Bot Framework message; replies are buffered for the TwiML response (expectReplies). */
export function smsToActivity(payload: SmsWebhookPayload, serviceUrl: string): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    id: payload.MessageSid,
    channelId: SMS_CHANNEL_ID,
    serviceUrl,
    timestamp: new Date(),
    from: { id: payload.From, name: payload.From },
    recipient: { id: payload.To, name: payload.To },
    conversation: { id: smsConversationId(payload.To, payload.From), isGroup: false, name: '', conversationType: 'personal' },
    text: payload.Body ?? '',
    attachments: mediaOf(payload),
    channelData: payload,
    deliveryMode: 'expectReplies',
  };
}

/** One conversation per resident's number and city number pair. */
export function smsConversationId(cityNumber: string, residentNumber: string): string {
  return `${cityNumber}:${residentNumber}`;
}

/** Rebuilds the reference needed to text a resident later, from the two phone numbers alone. */
export function smsConversationReference(cityNumber: string, residentNumber: string, serviceUrl: string): Partial<ConversationReference> {
  return {
    channelId: SMS_CHANNEL_ID,
    serviceUrl,
    user: { id: residentNumber, name: residentNumber },
    bot: { id: cityNumber, name: cityNumber },
    conversation: { id: smsConversationId(cityNumber, residentNumber), isGroup: false, name: '', conversationType: 'personal' },
  };
}

/** Reads every MediaUrlN present, even if NumMedia is missing or wrong: a photo is never dropped. */
function mediaOf(payload: SmsWebhookPayload): Attachment[] {
  const media: Attachment[] = [];
  for (let i = 0; i < MAX_MEDIA; i++) {
    const url = payload[`MediaUrl${i}`];
    if (!url) continue;
    media.push({ contentType: payload[`MediaContentType${i}`] ?? 'application/octet-stream', contentUrl: url });
  }
  return media;
}
