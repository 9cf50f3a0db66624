import { z } from 'zod';
import { CaseRecord, Reporter } from '../cases/CaseModel';
import { CATEGORY_IDS } from '../cases/categories';
import { CLOSURE_REASONS } from '../cases/closureReasons';
import { STATUS_CODES, isOpenStatus } from '../cases/statuses';
import { allowedMoves } from '../cases/transitions';
import { CallbackRequest } from '../callbacks/callbackModels';
import { maskPhoneNumbers } from '../storage/maskPhoneNumbers';

/**
 * What the staff case API answers, as zod schemas: the handlers' views are checked against them in the tests, and
 * the OpenAPI file (docs/openapi/staff.json) is generated from them (scripts/openapi.ts), so the two cannot drift.
 */

const when = z.iso.datetime();
/** The longest description a list row carries; the case itself has it in full. */
export const SUMMARY_DESCRIPTION_LENGTH = 200;

export const caseSummarySchema = z.object({
  number: z.string(),
  category: z.enum(CATEGORY_IDS),
  queue: z.string(),
  status: z.enum(STATUS_CODES),
  priority: z.number().int(),
  severity: z.number().int(),
  reporterCount: z.number().int(),
  location: z.object({ text: z.string(), kind: z.string(), lat: z.number().optional(), lng: z.number().optional() }),
  description: z.string(),
  assignee: z.string().nullable(),
  expectedBy: when,
  overdue: z.boolean(),
  createdAt: when,
  updatedAt: when,
  statusChangedAt: when,
  revision: z.number().int(),
  mergedInto: z.string().nullable(),
  closureReason: z.enum(CLOSURE_REASONS).nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseListSchema = z.object({
  cases: z.array(caseSummarySchema),
  /** Pass back as ?cursor= for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});

const photoSchema = z.object({ contentType: z.string(), link: z.string().nullable() });

export const caseDetailSchema = caseSummarySchema.extend({
  history: z.array(
    z.object({ status: z.enum(STATUS_CODES), at: when, by: z.string().nullable(), note: z.string().nullable(), reason: z.enum(CLOSURE_REASONS).nullable() }),
  ),
  notes: z.array(z.object({ index: z.number().int(), text: z.string(), public: z.boolean(), by: z.string(), at: when })),
  audit: z.array(z.object({ at: when, by: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()).nullable() })),
  evidence: z.array(
    z.object({ index: z.number().int(), description: z.string(), channel: z.string(), locale: z.string(), reportedAt: when, photos: z.array(photoSchema) }),
  ),
  subscribers: z.array(z.object({ channel: z.string(), address: z.string(), locale: z.string(), reportedAt: when })),
  /** True when the caller sees subscribers' numbers masked (agents). */
  contactsMasked: z.boolean(),
  callbacks: z.array(z.object({ id: z.string(), state: z.string(), phone: z.string(), requestedAt: when, attemptsMade: z.number().int() })),
  forwarding: z
    .object({ body: z.string(), state: z.string(), externalId: z.string().nullable(), sentAt: when.nullable(), lastStatus: z.string().nullable() })
    .nullable(),
  /** The statuses this case may move to now. */
  allowedMoves: z.array(z.enum(STATUS_CODES)),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const caseAnswerSchema = z.object({ case: caseDetailSchema });
export const mergeAnswerSchema = z.object({ merged: caseDetailSchema, into: caseDetailSchema });
export const splitAnswerSchema = z.object({ from: caseDetailSchema, created: caseDetailSchema });
export const errorSchema = z.object({ error: z.string(), fields: z.array(z.string()).optional() });

/** The fields a list row needs: the rest of a case (reporters, history, evidence) is never read for a list. */
export const SUMMARY_FIELDS = [
  'number', 'category', 'queue', 'status', 'priority', 'severity', 'reporterCount', 'location.text', 'location.kind', 'location.lat',
  'location.lng', 'description', 'assignee', 'expectedBy', 'createdAt', 'updatedAt', 'statusChangedAt', 'revision', 'mergedInto', 'closureReason',
] as const;

type SummaryInput = Pick<CaseRecord, 'number' | 'category' | 'queue' | 'status' | 'priority' | 'severity' | 'reporterCount' | 'location' | 'description' | 'assignee' | 'expectedBy' | 'createdAt' | 'updatedAt' | 'statusChangedAt' | 'revision' | 'mergedInto' | 'closureReason'>;

export function caseSummary(record: SummaryInput, now: Date, fullDescription = false): CaseSummary {
  const { lat, lng } = record.location;
  return {
    number: record.number,
    category: record.category,
    queue: record.queue,
    status: record.status,
    priority: record.priority,
    severity: record.severity,
    reporterCount: record.reporterCount,
    location: { text: record.location.text, kind: record.location.kind, ...(lat !== undefined && lng !== undefined ? { lat, lng } : {}) },
    description: fullDescription ? record.description : record.description.slice(0, SUMMARY_DESCRIPTION_LENGTH),
    assignee: record.assignee ?? null,
    expectedBy: iso(record.expectedBy),
    overdue: isOpenStatus(record.status) && record.expectedBy.getTime() < now.getTime(),
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    statusChangedAt: iso(record.statusChangedAt),
    revision: record.revision ?? 0,
    mergedInto: record.mergedInto ?? null,
    closureReason: record.closureReason ?? null,
  };
}

export interface DetailContext {
  now: Date;
  /** Agents see residents' numbers masked and web chat ids hidden. */
  maskContacts: boolean;
  /** A signed, expiring link for a stored photo URL (null for a URL that is not one of ours). */
  photoLink: (url: string) => Promise<string | null>;
  callbacks: Pick<CallbackRequest, '_id' | 'state' | 'phone' | 'requestedAt' | 'attemptsMade'>[];
}

export async function caseDetail(record: CaseRecord, context: DetailContext): Promise<CaseDetail> {
  const contact = (reporter: Pick<Reporter, 'channel' | 'address'>) => (context.maskContacts ? maskContact(reporter.address) : reporter.address);
  return {
    ...caseSummary(record, context.now, true),
    history: record.history.map((h) => ({ status: h.status, at: iso(h.at), by: h.by ?? null, note: h.note ?? null, reason: h.reason ?? null })),
    notes: record.notes.map((n, index) => ({ index, text: n.text, public: n.public, by: n.by, at: iso(n.at) })),
    audit: record.audit.map((a) => ({ at: iso(a.at), by: a.by, action: a.action, details: a.details ?? null })),
    evidence: await Promise.all(
      record.evidence.map(async (e, index) => ({
        index,
        description: e.description,
        channel: e.channel,
        locale: e.locale,
        reportedAt: iso(e.reportedAt),
        photos: await Promise.all(e.photos.map(async (p) => ({ contentType: p.contentType, link: await context.photoLink(p.url) }))),
      })),
    ),
    subscribers: record.reporters.map((r) => ({ channel: r.channel, address: contact(r), locale: r.locale, reportedAt: iso(r.reportedAt) })),
    contactsMasked: context.maskContacts,
    callbacks: context.callbacks.map((c) => ({
      id: c._id,
      state: c.state,
      phone: context.maskContacts ? maskPhoneNumbers(c.phone) : c.phone,
      requestedAt: iso(c.requestedAt),
      attemptsMade: c.attemptsMade,
    })),
    forwarding: record.forwarding
      ? {
          body: record.forwarding.body,
          state: record.forwarding.state,
          externalId: record.forwarding.externalId ?? null,
          sentAt: record.forwarding.sentAt ? iso(record.forwarding.sentAt) : null,
          lastStatus: record.forwarding.lastStatus ?? null,
        }
      : null,
    allowedMoves: record.mergedInto ? [] : [...allowedMoves(record.status)],
  };
}

/** A phone number keeps its first and last digits; any other address (a web chat id) is hidden. */
function maskContact(address: string): string {
  const masked = maskPhoneNumbers(address);
  return masked !== address ? masked : 'hidden';
}

function iso(date: Date): string {
  return new Date(date).toISOString();
}
