import { z } from 'zod';
import { isReachableNumber } from '../channels/phoneNumbers';
import { STAFF_NAME } from './staffTokens';

const agentId = z.string().regex(STAFF_NAME, 'letters, digits, dot, dash or underscore, up to 64');
/** Photo ids: an MMS message's sid and position ("MM…-0"), or a web upload's "w" and 32 hex digits. */
const photoId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'not a photo id');

/** POST /api/staff/agents/{agentId}/availability {"available": true|false, "phone"?: "+1…"}; nothing else. */
export const availabilityRequest = z.object({
  params: z.object({ agentId }),
  body: z
    .object({
      available: z.boolean('must be true or false'),
      phone: z.string('must be a string').refine(isReachableNumber, 'must be an E.164 number such as +19055550123').optional(),
    })
    .strict(),
});

/** GET /staff/photos/{photoId}, with a bearer token or a signed link's expires and sig (both or neither). */
export const staffPhotoRequest = z.object({
  params: z.object({ photoId }),
  query: z
    .object({
      expires: z.string('must be one value').regex(/^\d{1,12}$/, 'must be a time in seconds').optional(),
      sig: z.string('must be one value').regex(/^[A-Za-z0-9_-]{43}$/, 'not a link signature').optional(),
    })
    .refine((q) => (q.expires === undefined) === (q.sig === undefined), { message: 'expires and sig come together', path: ['sig'] }),
});
