import { CaseRecord } from '../cases/CaseModel';

/**
 * What a body is sent about a case, whatever the method: the problem, where, and links to its photos. Never the
 * reporter's name, number or conversation: residents keep dealing with the town, under the town's case number.
 */
export interface ForwardPayload {
  caseNumber: string;
  category: string;
  description: string;
  address: string;
  lat?: number;
  lng?: number;
  /** Signed, expiring links (photos/StaffPhotoLinks). */
  photos: string[];
  reportedAt: string;
}

export function forwardPayload(record: CaseRecord, photoLinks: string[]): ForwardPayload {
  const { location } = record;
  return {
    caseNumber: record.number,
    category: record.category,
    description: record.description,
    address: location.text,
    ...(typeof location.lat === 'number' && typeof location.lng === 'number' ? { lat: location.lat, lng: location.lng } : {}),
    photos: photoLinks,
    reportedAt: record.createdAt.toISOString(),
  };
}

/** The payload travels through the outbox as the message text (the outbox stores text parts). */
export function readPayload(text: string): ForwardPayload {
  return JSON.parse(text) as ForwardPayload;
}

/** The outbox key of a case's forward: one per case, so a retried routing never sends it twice. */
export function forwardKey(caseNumber: string): string {
  return `forward:${caseNumber}`;
}

export function caseNumberOfForwardKey(key: string): string | undefined {
  return /^forward:(\d{8})$/.exec(key)?.[1];
}
