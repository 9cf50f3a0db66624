import { z } from 'zod';
import { MAX_TEXT_LENGTH } from './webActivity';

/**
 * One schema per Direct Line route, for everything a client sends: path parameters, query strings, JSON bodies
 * and the activity of an upload. Anything else (a MongoDB operator such as {"$ne": null}, an array where a
 * string belongs, an unknown query parameter) is a 400 before any handler runs.
 */

/** Free-form JSON a client may attach (value, channelData, entities): plain data, no "$" or dotted keys, not deep. */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (depth >= 8 || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length <= 100 && value.every((v) => isPlainJson(v, depth + 1));
  const entries = Object.entries(value);
  return entries.length <= 100 && entries.every(([key, v]) => !key.startsWith('$') && !key.includes('.') && isPlainJson(v, depth + 1));
}
const plainJson = z.unknown().refine((v) => v === undefined || isPlainJson(v), 'must be plain JSON data (no "$" or dotted keys)');
const plainObject = z.record(z.string(), z.unknown()).refine((v) => isPlainJson(v), 'must be plain JSON data (no "$" or dotted keys)');

const conversationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a conversation id');
const watermark = z.string().regex(/^\d{0,9}$/, 'must be a watermark the server gave');

export const conversationParams = z.strictObject({ conversationId });
export const photoParams = z.strictObject({ conversationId, photoId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a photo id') });
/** No query parameters at all (POST /tokens/*, POST /conversations, POST .../activities). */
export const noQuery = z.strictObject({});
export const watermarkQuery = z.strictObject({ watermark: watermark.optional() });
export const uploadQuery = z.strictObject({ userId: z.string().max(200).optional() });
export const photoQuery = z.strictObject({ t: z.string().max(2000).optional() });

const residentKey = z.string().min(1).max(1000);
/** POST /tokens/generate: a browser that kept its resident key sends it; nothing else. */
export const generateBody = z.strictObject({ residentKey: residentKey.optional() });
/** POST /tokens/forget: the key this browser should no longer be. */
export const forgetBody = z.strictObject({ residentKey });

/** An activity as a client sends it. Fields not listed may come (clients add their own) but must be plain data. */
export const clientActivity = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(MAX_TEXT_LENGTH).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    name: z.string().max(200).optional(),
    value: plainJson.optional(),
    locale: z.string().max(35).optional(),
    localTimestamp: z.string().max(40).optional(),
    localTimezone: z.string().max(100).optional(),
    channelData: plainObject.optional(),
    entities: z.array(plainObject).max(20).optional(),
    from: z.strictObject({ id: z.string().max(200).optional(), name: z.string().max(100).optional(), role: z.enum(['user']).optional() }).optional(),
    // Ignored (attachments come only from uploads), but typed like the rest.
    attachments: z.array(plainObject).max(10).optional(),
  })
  .catchall(plainJson)
  .refine((activity) => Object.keys(activity).every((key) => !key.startsWith('$') && !key.includes('.')), 'no "$" or dotted keys');

/** The first problem, for the 400's message (which field, what is wrong). */
export function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid request';
}
