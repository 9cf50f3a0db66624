import { Activity, ActivityTypes } from 'botbuilder';

export const VOICE_CHANNEL_ID = 'voice';

/** The Voice webhook fields CivicLine reads; the whole payload is kept in channelData. */
export interface VoiceWebhookPayload {
  CallSid: string;
  From: string;
  To: string;
  /** After <Gather>: the keys pressed (without the final #). */
  Digits?: string;
  /** After <Gather>: what the caller said, as Twilio transcribed it. */
  SpeechResult?: string;
  [field: string]: string | undefined;
}

/** Null when a field Twilio always sends is missing or malformed. */
export function readVoicePayload(body: unknown): VoiceWebhookPayload | null {
  if (typeof body !== 'object' || body === null) return null;
  const fields = Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const { CallSid, From, To } = fields;
  if (!CallSid || !/^CA[0-9a-fA-F]{32}$/.test(CallSid) || From === undefined || To === undefined) return null;
  return { ...fields, CallSid, From, To };
}

/** One call is one conversation: a new call starts afresh, while the caller's language is remembered by number. */
export function voiceConversationId(callSid: string): string {
  return `call:${callSid}`;
}

interface ActivityParts {
  payload: VoiceWebhookPayload;
  /** Unique per webhook request that carries a turn. */
  id: string;
  serviceUrl: string;
}

function base({ payload, id, serviceUrl }: ActivityParts): Partial<Activity> {
  return {
    id,
    channelId: VOICE_CHANNEL_ID,
    serviceUrl,
    timestamp: new Date(),
    from: { id: payload.From, name: payload.From },
    recipient: { id: payload.To, name: payload.To },
    conversation: { id: voiceConversationId(payload.CallSid), isGroup: false, name: '', conversationType: 'personal' },
    channelData: payload,
    // Replies are buffered and become this request's TwiML.
    deliveryMode: 'expectReplies',
  };
}

/** What the caller said or keyed, as a message: speech when there is any, else the keys. */
export function answerActivity(parts: ActivityParts): Partial<Activity> {
  const { SpeechResult, Digits } = parts.payload;
  return { ...base(parts), type: ActivityTypes.Message, text: (SpeechResult?.trim() || Digits || '').trim() };
}

/** Something that happened on the call rather than words from the caller (a call starting, a transfer ending). */
export function eventActivity(parts: ActivityParts, name: string, value?: unknown): Partial<Activity> {
  return { ...base(parts), type: ActivityTypes.Event, name, ...(value === undefined ? {} : { value }) };
}
