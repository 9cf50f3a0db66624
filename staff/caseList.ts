import { FilterQuery, SortOrder } from 'mongoose';
import { z } from 'zod';
import { CaseModel, CaseRecord } from '../cases/CaseModel';
import { STATUS_CODES, isOpenStatus } from '../cases/statuses';
import { CaseListQuery, CaseSort } from './caseRequests';
import { SUMMARY_FIELDS } from './caseViews';

/** Each sort's keys, ending with _id so every position is unique and a cursor can resume exactly after it. */
const SORT_KEYS: Record<CaseSort, { field: keyof CaseRecord; order: 1 | -1; date: boolean }[]> = {
  priority: [
    { field: 'priority', order: 1, date: false },
    { field: 'createdAt', order: 1, date: true },
    { field: '_id', order: 1, date: false },
  ],
  created: [
    { field: 'createdAt', order: -1, date: true },
    { field: '_id', order: -1, date: false },
  ],
  updated: [
    { field: 'updatedAt', order: -1, date: true },
    { field: '_id', order: -1, date: false },
  ],
  expectedBy: [
    { field: 'expectedBy', order: 1, date: true },
    { field: '_id', order: 1, date: false },
  ],
};

const OPEN_STATUSES = STATUS_CODES.filter(isOpenStatus);
const EARTH_RADIUS_M = 6_371_000;
const METRES_PER_DEGREE = 111_320;

export class CursorError extends Error {}

export interface CaseListPage {
  rows: CaseRecord[];
  nextCursor: string | null;
}

/**
 * One page of cases for the staff list: every filter becomes a plain query (equality, $in, ranges, an escaped
 * $regex), which MongoDB answers from the case indexes and FerretDB can run at all (no geo queries there). A point
 * and radius is a lat/lng rectangle in the query, then the exact distance in code. The cursor is the last row's
 * sort keys: the next page starts strictly after it, so rows changing meanwhile are neither skipped nor repeated
 * unless their sort key itself moved.
 */
export async function listCases(cases: CaseModel, query: CaseListQuery, visibleQueues: readonly string[] | undefined, now: Date): Promise<CaseListPage> {
  const keys = SORT_KEYS[query.sort];
  const conditions: FilterQuery<CaseRecord>[] = [...filterOf(query, visibleQueues, now)];
  let after = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
  const sort = Object.fromEntries(keys.map((k) => [k.field, k.order as SortOrder]));
  const projection = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, 1]));
  const exact = query.near && query.radius ? withinRadius(query.near[0], query.near[1], query.radius) : () => true;
  const rows: CaseRecord[] = [];
  // Without a radius one batch of limit + 1 answers; with one, rows outside the circle are skipped batch by batch.
  const batch = query.near ? Math.max(200, query.limit * 4) : query.limit + 1;
  for (;;) {
    const filter = { $and: [...conditions, ...(after ? [afterCursor(keys, after)] : [])] };
    const found = (await cases.find(filter.$and.length > 0 ? filter : {}, projection).sort(sort).limit(batch).lean()) as CaseRecord[];
    for (const row of found) {
      after = keys.map((k) => row[k.field] as unknown as string | number | Date);
      if (exact(row)) rows.push(row);
      if (rows.length > query.limit) break;
    }
    if (rows.length > query.limit || found.length < batch) break;
  }
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, keys.map((k) => last[k.field] as unknown as string | number | Date)) : null };
}

function filterOf(query: CaseListQuery, visibleQueues: readonly string[] | undefined, now: Date): FilterQuery<CaseRecord>[] {
  const conditions: FilterQuery<CaseRecord>[] = [];
  const queues = visibleQueues === undefined ? query.queue : (query.queue ?? visibleQueues).filter((q) => visibleQueues.includes(q));
  if (queues) conditions.push({ queue: { $in: queues } });
  if (query.status) conditions.push({ status: { $in: query.status } });
  if (query.category) conditions.push({ category: { $in: query.category } });
  if (query.overdue === true) conditions.push({ status: { $in: OPEN_STATUSES }, expectedBy: { $lt: now } });
  if (query.overdue === false) conditions.push({ $or: [{ status: { $nin: OPEN_STATUSES } }, { expectedBy: { $gte: now } }] });
  if (query.minReporters !== undefined) conditions.push({ reporterCount: { $gte: query.minReporters } });
  if (query.text) {
    const pattern = { $regex: escapeRegex(query.text), $options: 'i' };
    conditions.push({ $or: [{ description: pattern }, { 'location.text': pattern }] });
  }
  if (query.bbox) {
    const [minLng, minLat, maxLng, maxLat] = query.bbox;
    conditions.push({ 'location.lat': { $gte: minLat, $lte: maxLat }, 'location.lng': { $gte: minLng, $lte: maxLng } });
  }
  if (query.near && query.radius) {
    const [lat, lng] = query.near;
    const dLat = query.radius / METRES_PER_DEGREE;
    const dLng = query.radius / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    conditions.push({ 'location.lat': { $gte: lat - dLat, $lte: lat + dLat }, 'location.lng': { $gte: lng - dLng, $lte: lng + dLng } });
  }
  return conditions;
}

/** Rows strictly after `values` in the sort order: (k1 > v1) or (k1 = v1 and k2 > v2) or ... */
function afterCursor(keys: (typeof SORT_KEYS)[CaseSort], values: (string | number | Date)[]): FilterQuery<CaseRecord> {
  return {
    $or: keys.map((key, i) => ({
      ...Object.fromEntries(keys.slice(0, i).map((k, j) => [k.field, values[j]])),
      [key.field]: { [key.order === 1 ? '$gt' : '$lt']: values[i] },
    })),
  };
}

function encodeCursor(sort: CaseSort, values: (string | number | Date)[]): string {
  return Buffer.from(JSON.stringify({ s: sort, v: values.map((v) => (v instanceof Date ? { d: v.toISOString() } : v)) })).toString('base64url');
}

const cursorSchema = z.object({
  s: z.string(),
  v: z.array(z.union([z.number(), z.string().max(64), z.object({ d: z.iso.datetime() }).strict()])).max(3),
});

/** A cursor is only a position; what it decodes to is checked like any input (no operator can ride in it). */
function decodeCursor(cursor: string, sort: CaseSort): (string | number | Date)[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('not a cursor from this API');
  }
  const parsed = cursorSchema.safeParse(decoded);
  const keys = SORT_KEYS[sort];
  if (!parsed.success || parsed.data.s !== sort || parsed.data.v.length !== keys.length) throw new CursorError('not a cursor from this API for this sort');
  return parsed.data.v.map((v, i) => {
    const key = keys[i];
    if (key.date !== (typeof v === 'object')) throw new CursorError('not a cursor from this API');
    return typeof v === 'object' ? new Date(v.d) : v;
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function withinRadius(lat: number, lng: number, radius: number): (row: CaseRecord) => boolean {
  return (row) => row.location.lat !== undefined && row.location.lng !== undefined && haversine(lat, lng, row.location.lat, row.location.lng) <= radius;
}

export function haversine(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
}
