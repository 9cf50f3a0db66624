import { Connection, Model, Schema } from 'mongoose';
import { ConversationReference } from 'botbuilder';
import { CATEGORY_IDS, CategoryId, Severity } from './categories';
import { CLOSURE_REASONS, ClosureReason } from './closureReasons';
import { STATUS_CODES, StatusCode } from './statuses';

export const LOCATION_KINDS = ['address', 'intersection', 'landmark'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** The longest description a case keeps; the report dialog cuts what residents type to this. */
export const MAX_DESCRIPTION_LENGTH = 4000;

/** Where the problem is, normalised against the town's gazetteer (`known`) or kept as the resident wrote it. */
export interface CaseLocation {
  /** Canonical when the town knows the place ("125 Main St"), else the resident's words. */
  text: string;
  kind: LocationKind;
  street?: string;
  number?: string;
  unit?: string;
  crossStreet?: string;
  landmark?: string;
  lat?: number;
  lng?: number;
  /** False: the gazetteer does not have it (free text for staff to check). Absent on cases filed before places were checked. */
  known?: boolean;
  /** Grid cell of lat/lng (`understanding/places/geoCell`): reports in the same or a neighbouring cell may be duplicates. */
  cell?: string;
}

export interface Photo {
  url: string;
  contentType: string;
}

/** Who reported, and how to reach them again. Never returned by anything public. */
export interface Reporter {
  channel: string;
  /** Phone number for SMS and voice, user id for web chat. */
  address: string;
  locale: string;
  conversation: Partial<ConversationReference>;
  reportedAt: Date;
}

export interface StatusChange {
  status: StatusCode;
  at: Date;
  /** A public note: sent to the subscribers with the change. */
  note?: string;
  /** Who made the change: a staff member's name, 'resident' (a reopening), 'system', or 'body:<id>' (an outside body). */
  by?: string;
  /** Set when the change closes the case. */
  reason?: ClosureReason;
}

/** One resident's report joined to the case: the first is the report that opened it. */
export interface Evidence {
  description: string;
  photos: Photo[];
  channel: string;
  locale: string;
  reportedAt: Date;
}

/** A staff note: internal unless public (a public note is sent to the subscribers). */
export interface CaseNote {
  text: string;
  public: boolean;
  by: string;
  at: Date;
}

/** The audit trail: every change anyone made, with who and when. */
export interface AuditEntry {
  at: Date;
  /** A staff member's name, 'resident', 'system', or 'body:<id>'. */
  by: string;
  /** e.g. 'status', 'note', 'category', 'assign', 'merge', 'split', 'forward', 'join', 'reopen'. */
  action: string;
  details?: Record<string, unknown>;
}

/** Where a case belonging to another body was sent, and what that body last said. */
export interface Forwarding {
  body: string;
  state: 'pending' | 'sent' | 'failed';
  externalId?: string;
  sentAt?: Date;
  lastStatus?: string;
  lastCheckedAt?: Date;
}

/** A subscriber's answer to the satisfaction question after closure. */
export interface SatisfactionAnswer {
  channel: string;
  address: string;
  score: number;
  comment?: string;
  at: Date;
}

export interface CaseRecord {
  /** Equal to number (see caseModel). */
  _id: string;
  number: string;
  category: CategoryId;
  queue: string;
  severity: Severity;
  location: CaseLocation;
  description: string;
  photos: Photo[];
  reporters: Reporter[];
  status: StatusCode;
  statusChangedAt: Date;
  expectedBy: Date;
  history: StatusChange[];
  /** Descriptions and photos of every report joined to this case (the first opened it). */
  evidence: Evidence[];
  /** Residents subscribed (reporters.length, kept as a field to filter and sort on). */
  reporterCount: number;
  /** Lower is more urgent: the severity, raised as more residents report it. Crews work in this order. */
  priority: number;
  /** A staff member or crew the case is assigned to. */
  assignee?: string;
  notes: CaseNote[];
  audit: AuditEntry[];
  closureReason?: ClosureReason;
  /** Set on a case merged into another: status look-ups answer "merged into <number>". */
  mergedInto?: string;
  forwarding?: Forwarding;
  satisfaction: SatisfactionAnswer[];
  /** Incremented by every staff change: a change made against an older revision is a conflict (409). */
  revision: number;
  /** Makes a retried submission create nothing twice. */
  submissionKey: string;
  createdAt: Date;
  updatedAt: Date;
}

export type CaseModel = Model<CaseRecord>;

export function caseModel(connection: Connection): CaseModel {
  if (connection.models.cases) return connection.models.cases as CaseModel;
  const schema = new Schema<CaseRecord>(
    {
      // The case number is also the _id: FerretDB uses an index only for a plain {_id: value} look-up.
      _id: { type: String, required: true },
      number: { type: String, required: true, unique: true },
      category: { type: String, enum: CATEGORY_IDS, required: true },
      queue: { type: String, required: true, index: true },
      severity: { type: Number, enum: [1, 2, 3], required: true },
      location: {
        text: { type: String, required: true },
        kind: { type: String, enum: LOCATION_KINDS, required: true },
        street: String,
        number: String,
        unit: String,
        crossStreet: String,
        landmark: String,
        lat: Number,
        lng: Number,
        known: Boolean,
        cell: String,
      },
      description: { type: String, required: true, maxlength: MAX_DESCRIPTION_LENGTH },
      photos: [{ _id: false, url: { type: String, required: true }, contentType: { type: String, required: true } }],
      reporters: [
        {
          _id: false,
          channel: { type: String, required: true },
          address: { type: String, required: true },
          locale: { type: String, required: true },
          conversation: { type: Schema.Types.Mixed, required: true },
          reportedAt: { type: Date, required: true },
        },
      ],
      status: { type: String, enum: STATUS_CODES, required: true },
      statusChangedAt: { type: Date, required: true },
      expectedBy: { type: Date, required: true },
      history: [
        { _id: false, status: { type: String, enum: STATUS_CODES }, at: Date, note: String, by: String, reason: { type: String, enum: CLOSURE_REASONS } },
      ],
      evidence: {
        type: [
          {
            _id: false,
            description: String,
            photos: [{ _id: false, url: String, contentType: String }],
            channel: String,
            locale: String,
            reportedAt: Date,
          },
        ],
        default: [],
      },
      reporterCount: { type: Number, default: 1 },
      priority: { type: Number, default: 3 },
      assignee: String,
      notes: { type: [{ _id: false, text: String, public: Boolean, by: String, at: Date }], default: [] },
      audit: { type: [{ _id: false, at: Date, by: String, action: String, details: Schema.Types.Mixed }], default: [] },
      closureReason: { type: String, enum: CLOSURE_REASONS },
      mergedInto: String,
      forwarding: {
        type: new Schema(
          { body: String, state: String, externalId: String, sentAt: Date, lastStatus: String, lastCheckedAt: Date },
          { _id: false },
        ),
        default: undefined,
      },
      satisfaction: {
        type: [{ _id: false, channel: String, address: String, score: Number, comment: String, at: Date }],
        default: [],
      },
      revision: { type: Number, default: 0 },
      submissionKey: { type: String, required: true, unique: true },
    },
    { timestamps: true, versionKey: false },
  );
  schema.index({ 'reporters.address': 1 });
  // The staff case list (staff/caseList.ts): each sort, and the filters staff use most, from an index on MongoDB.
  schema.index({ queue: 1, status: 1, priority: 1, createdAt: 1, _id: 1 });
  schema.index({ priority: 1, createdAt: 1, _id: 1 });
  schema.index({ createdAt: -1, _id: -1 });
  schema.index({ updatedAt: -1, _id: -1 });
  schema.index({ status: 1, expectedBy: 1, _id: 1 });
  schema.index({ category: 1, status: 1 });
  schema.index({ reporterCount: 1 });
  schema.index({ 'location.lat': 1, 'location.lng': 1 });
  return connection.model<CaseRecord>('cases', schema, 'cases');
}
