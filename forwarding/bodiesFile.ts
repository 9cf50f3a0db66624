import { z } from 'zod';
import { CATEGORY_IDS } from '../cases/categories';

/** Secrets are never in the file: it names the environment variable holding each one (BODY_..., see .env.example). */
const envName = z.string().regex(/^BODY_[A-Z0-9_]+$/, 'an environment variable name starting with BODY_');

/**
 * What a body owns: a rule matches a case when every list it has matches (a missing list matches anything), so
 * `{ streets: ["Ridgeline Rd"], categories: ["pothole"] }` is potholes on that road and nothing else there.
 */
const ownershipRule = z
  .object({
    categories: z.array(z.enum(CATEGORY_IDS)).min(1).optional(),
    /** Canonical street names from knowledge/gazetteer.json ("Ridgeline Rd"). */
    streets: z.array(z.string().min(1)).min(1).optional(),
    /** Landmark names from knowledge/gazetteer.json. */
    landmarks: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .refine((rule) => rule.categories || rule.streets || rule.landmarks, 'a rule needs categories, streets or landmarks');

const open311 = z
  .object({
    method: z.literal('open311'),
    /** The GeoReport v2 base URL: requests.json and requests/{id}.json are under it. */
    endpoint: z.string().url(),
    apiKeyEnv: envName,
    jurisdictionId: z.string().min(1).optional(),
    /** The body's service_code per category; "*" for the others. */
    serviceCodes: z.record(z.string(), z.string().min(1)).refine((codes) => '*' in codes || Object.keys(codes).length > 0, 'at least one code'),
  })
  .strict();

const webhook = z
  .object({
    method: z.literal('webhook'),
    url: z.string().url(),
    /** HMAC-SHA256 key signing each request (X-CivicLine-Signature). */
    secretEnv: envName,
  })
  .strict();

const body = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case, as in the update URL /api/bodies/<id>/updates'),
    /** Per language code; the first is used for a language not listed. */
    name: z.record(z.string().regex(/^[a-z]{2,3}$/), z.string().min(1)).refine((names) => Object.keys(names).length > 0, 'at least one language'),
    /** How residents reach the body themselves. */
    phone: z.string().min(1),
    website: z.string().url().optional(),
    owns: z.array(ownershipRule).default([]),
    forward: z.discriminatedUnion('method', [open311, webhook]),
    /** Updates the body pushes to POST /api/bodies/<id>/updates, signed with this secret. Absent: none accepted. */
    updates: z.object({ secretEnv: envName }).strict().optional(),
  })
  .strict();

export const bodiesFileSchema = z
  .object({ bodies: z.array(body) })
  .strict()
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.bodies.forEach((b, i) => {
      if (seen.has(b.id)) context.addIssue({ code: 'custom', path: ['bodies', i, 'id'], message: `"${b.id}" is listed twice` });
      seen.add(b.id);
    });
  });

export type BodiesFile = z.infer<typeof bodiesFileSchema>;
export type BodyEntry = BodiesFile['bodies'][number];
export type OwnershipRule = z.infer<typeof ownershipRule>;
