import { Activity, ActivityTypes } from 'botbuilder';
import { z } from 'zod';
import { phoneField, residentWords, twilioForm } from '../twilioFields';

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

/**
 * A voice webhook at the edge, one schema for every webhook of an incoming call: every field a plain string (an array
 * or a bracketed name is refused), the call's id in its format, keys only keypad keys, what the caller said without
 * the characters XML cannot carry (it is read back to them).
 */
const voiceWebhookSchema = twilioForm.pipe(
  z
    .object({
      CallSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/),
      // Present on every call webhook; empty for a caller with no number.
      From: phoneField,
      To: phoneField,
      Digits: z
        .string()
        .transform((keys) => keys.replace(/[^0-9*#]/g, '').slice(0, 64))
        .optional(),
      SpeechResult: residentWords.optional(),
    })
    .catchall(z.string()),
);

/** Null when a field Twilio always sends is missing or malformed, or a field is not a plain string. */
export function readVoicePayload(body: unknown): VoiceWebhookPayload | null {
  const parsed = voiceWebhookSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
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
