import { Attachment } from 'botbuilder';
import { CategoryId } from '../cases/categories';
import { CaseLocation, Photo } from '../cases/CaseModel';
import { MenuChoice } from './categoryMenu';

/** A report being gathered, kept in conversation state so it survives restarts mid-dialog. */
export interface ReportDraft {
  submissionKey: string;
  category?: CategoryId;
  /** The menu the resident was last shown, so "2" means what they saw as 2. */
  menu?: MenuChoice[];
  location?: CaseLocation;
  description?: string;
  photos: Photo[];
  urgent: boolean;
  /** A question asked at the confirmation, answered once the report is sent or dropped. */
  pendingQuestion?: string;
}

/** Every image or video the resident attached (MMS can carry up to ten), not only the first. */
export function photosIn(attachments: Attachment[] | undefined): Photo[] {
  return (attachments ?? [])
    .filter((a) => typeof a.contentUrl === 'string' && /^(image|video)\//.test(a.contentType ?? ''))
    .map((a) => ({ url: a.contentUrl as string, contentType: a.contentType }));
}
