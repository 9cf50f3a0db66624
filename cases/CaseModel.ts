import { Connection, Model, Schema } from 'mongoose';
import { ConversationReference } from 'botbuilder';
import { CATEGORY_IDS, CategoryId, Severity } from './categories';
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
  note?: string;
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
      history: [{ _id: false, status: { type: String, enum: STATUS_CODES }, at: Date, note: String }],
      submissionKey: { type: String, required: true, unique: true },
    },
    { timestamps: true, versionKey: false },
  );
  schema.index({ 'reporters.address': 1 });
  return connection.model<CaseRecord>('cases', schema, 'cases');
}
