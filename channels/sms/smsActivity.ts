import { Activity, ActivityTypes, Attachment, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import { phoneField, residentWords, twilioForm } from '../twilioFields';

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

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

/**
 * The Messaging webhook at the edge, one schema: every field a plain string (an array or a bracketed name is refused),
 * the ids in their formats, the resident's words and numbers without the characters XML cannot carry.
 */
const smsWebhookSchema = twilioForm.pipe(
  z
    .object({
      MessageSid: z.string().regex(MESSAGE_SID).optional(),
      SmsMessageSid: z.string().regex(MESSAGE_SID).optional(),
      From: phoneField.pipe(z.string().min(1)),
      To: phoneField.pipe(z.string().min(1)),
      Body: residentWords.optional(),
      NumMedia: z.string().optional(),
      OptOutType: z.string().optional(),
    })
    .catchall(z.string()),
);

/** Null when a field Twilio always sends is missing or malformed, or a field is not a plain string. */
export function readSmsPayload(body: unknown): SmsWebhookPayload | null {
  const parsed = smsWebhookSchema.safeParse(body);
  if (!parsed.success) return null;
  const fields = parsed.data;
  const sid = fields.MessageSid ?? fields.SmsMessageSid;
  if (!sid) return null;
  return { ...fields, MessageSid: sid };
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
