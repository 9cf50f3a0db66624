import { z } from 'zod';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** [latitude, longitude] in degrees: the order people read on a map, the reverse of GeoJSON. */
const point = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);

/** Civic numbers on one side of a street, from its first point to its last: [first, last], same parity. */
const numberRange = z
  .tuple([z.number().int().min(0), z.number().int().min(0)])
  .refine(([first, last]) => first % 2 === last % 2, 'both ends of a side have the same parity (odd or even)');

/** Words residents use, per language code: { "en": [...], "fr": [...] }. */
const aliases = z.record(z.string().regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, 'a language code such as "en" or "fr"'), z.array(z.string().min(1)));

const street = z.object({
  /** Canonical name as the town writes it: the name, then the abbreviated type ("Main St", "Maple Ave"). */
  name: z.string().regex(/^\S+(?: \S+)*$/, 'single spaces, no spaces around'),
  aliases: aliases.default({}),
  collectionDay: z.enum(WEEKDAYS).optional(),
  /** The centre line, in the direction the numbers grow. */
  path: z.array(point).min(2),
  /** Left and right as seen walking along `path`. */
  numbers: z.object({ left: numberRange.optional(), right: numberRange.optional() }),
});

const landmark = z.object({
  name: z.string().min(1),
  /** The name in other languages, for reading it back. */
  names: z.record(z.string(), z.string().min(1)).default({}),
  /** "100 Main St" or "Main St & King St": checked against the streets above. */
  address: z.string().min(1).optional(),
  /** Where it is, when its address alone would place it wrongly (a park's entrance, a large lot). */
  at: point.optional(),
  aliases: aliases.default({}),
});

export const gazetteerFileSchema = z
  .object({
    town: z.string().min(1),
    /** How far (metres) a street's end may stop short of another street and still meet it (a T junction). */
    junctionTolerance: z.number().positive().max(100).default(20),
    streets: z.array(street).min(1),
    landmarks: z.array(landmark).default([]),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.streets.forEach((s, i) => {
      const key = s.name.toLowerCase();
      if (seen.has(key)) context.addIssue({ code: 'custom', path: ['streets', i, 'name'], message: `"${s.name}" is listed twice` });
      seen.add(key);
    });
    file.landmarks.forEach((l, i) => {
      if (!l.address && !l.at) context.addIssue({ code: 'custom', path: ['landmarks', i], message: `"${l.name}" needs an address or "at" coordinates` });
    });
  });

export type GazetteerFile = z.infer<typeof gazetteerFileSchema>;
export type StreetEntry = GazetteerFile['streets'][number];
export type LandmarkEntry = GazetteerFile['landmarks'][number];
