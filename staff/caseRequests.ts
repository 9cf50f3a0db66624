import { z } from 'zod';
import { CATEGORY_IDS } from '../cases/categories';
import { CLOSURE_REASONS } from '../cases/closureReasons';
import { STATUS_CODES } from '../cases/statuses';
import { STAFF_NAME } from './staffTokens';

/** Requests of the staff case API, checked at the edge (checkRequest): nothing else reaches a query. */

const caseNumber = z.string().regex(/^\d{8}$/, 'must be an 8-digit case number');
const params = z.object({ caseNumber });
/** The revision of the case the staff member saw: a change against an older one is refused (409). */
const revision = z.number('must be a number').int('must be a whole number').min(0).max(1_000_000_000).optional();
/** Control characters (other than line breaks and tabs) are no words: a public note is texted to residents as is. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const noteText = z
  .string('must be a string')
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'at most 2000 characters')
  .transform((text) => text.replace(CONTROL_CHARACTERS, '').trim())
  .refine((text) => text.length > 0, 'must not be empty');

export const SORTS = ['priority', 'created', 'updated', 'expectedBy'] as const;
export type CaseSort = (typeof SORTS)[number];

/** A comma-separated list of values from `allowed` ("received,assigned"). */
function listOf<T extends string>(allowed: readonly T[], what: string) {
  return z
    .string('must be one value (comma-separate several)')
    .max(500)
    .transform((raw, ctx) => {
      const values = raw.split(',').map((v) => v.trim()).filter(Boolean);
      const unknown = values.filter((v) => !allowed.includes(v as T));
      if (values.length === 0 || unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `must be ${what}: ${allowed.join(', ')}` });
        return z.NEVER;
      }
      return [...new Set(values)] as T[];
    });
}

/** "a,b,c,d" of finite numbers. */
function numbers(count: number, message: string) {
  return z
    .string('must be one value')
    .max(200)
    .transform((raw, ctx) => {
      const values = raw.split(',').map((v) => Number(v.trim()));
      if (values.length !== count || values.some((v) => !Number.isFinite(v) || raw.trim() === '')) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return values;
    });
}

const whole = (min: number, max: number) =>
  z
    .string('must be one value')
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be from ${min} to ${max}`);

export const caseListRequest = z.object({
  query: z
    .object({
      status: listOf(STATUS_CODES, 'status codes').optional(),
      category: listOf(CATEGORY_IDS, 'category ids').optional(),
      queue: z
        .string('must be one value (comma-separate several)')
        .max(500)
        .regex(/^[a-z_]+(,[a-z_]+)*$/, 'must be queue names separated by commas')
        .transform((raw) => [...new Set(raw.split(','))])
        .optional(),
      overdue: z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true').optional(),
      minReporters: whole(1, 1_000_000).optional(),
      text: z.string('must be one value').trim().min(1, 'must not be empty').max(100, 'at most 100 characters').optional(),
      bbox: numbers(4, 'must be minLng,minLat,maxLng,maxLat')
        .refine(([minLng, minLat, maxLng, maxLat]) => minLng >= -180 && maxLng <= 180 && minLat >= -90 && maxLat <= 90, 'must be within -180..180 and -90..90')
        .refine(([minLng, minLat, maxLng, maxLat]) => minLng <= maxLng && minLat <= maxLat, 'min must not exceed max')
        .optional(),
      near: numbers(2, 'must be lat,lng')
        .refine(([lat, lng]) => Math.abs(lat) <= 90 && Math.abs(lng) <= 180, 'must be within -90..90, -180..180')
        .optional(),
      radius: whole(1, 50_000).optional(),
      sort: z.enum(SORTS, `must be one of ${SORTS.join(', ')}`).default('priority'),
      limit: whole(1, 100).default(25),
      cursor: z.string('must be one value').max(500).regex(/^[A-Za-z0-9_-]+$/, 'not a cursor from this API').optional(),
    })
    .strict()
    .refine((q) => (q.near === undefined) === (q.radius === undefined), { message: 'near and radius come together', path: ['radius'] })
    .refine((q) => !(q.near && q.bbox), { message: 'give bbox or near, not both', path: ['bbox'] }),
});
export type CaseListQuery = z.output<typeof caseListRequest>['query'];

export const caseRequest = z.object({ params });

export const statusRequest = z.object({
  params,
  body: z
    .object({
      status: z.enum(STATUS_CODES, `must be one of ${STATUS_CODES.join(', ')}`),
      note: noteText.optional(),
      reason: z.enum(CLOSURE_REASONS, `must be one of ${CLOSURE_REASONS.join(', ')}`).optional(),
      public: z.boolean('must be true or false').optional(),
      revision,
    })
    .strict(),
});

export const noteRequest = z.object({
  params,
  body: z.object({ text: noteText, public: z.boolean('must be true or false').default(false), revision }).strict(),
});

export const categoryRequest = z.object({
  params,
  body: z.object({ category: z.enum(CATEGORY_IDS, `must be one of ${CATEGORY_IDS.join(', ')}`), revision }).strict(),
});

export const assignRequest = z.object({
  params,
  body: z
    .object({
      assignee: z.union([z.string().regex(STAFF_NAME, 'letters, digits, dot, dash or underscore, up to 64'), z.null()], 'must be a staff or crew name, or null'),
      revision,
    })
    .strict(),
});

export const mergeRequest = z.object({ params, body: z.object({ into: caseNumber, revision }).strict() });

export const splitRequest = z.object({
  params,
  body: z.object({ evidenceIndex: z.number('must be a number').int('must be a whole number').min(1, 'must be 1 or more (0 opened the case)').max(10_000), revision }).strict(),
});
