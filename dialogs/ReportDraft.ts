import { Attachment } from 'botbuilder';
import { CategoryId } from '../cases/categories';
import { CaseLocation, MAX_DESCRIPTION_LENGTH, Photo } from '../cases/CaseModel';
import { StatusCode } from '../cases/statuses';
import { Place } from '../understanding/Understanding';

/** A report being gathered, kept in conversation state so it survives restarts mid-dialog. */
export interface ReportDraft {
  submissionKey: string;
  category?: CategoryId;
  /** The categories the short menu offered, so a reply is read against what the resident saw. */
  offered?: CategoryId[];
  /** Answers at the category question that named no category: after two, the report goes to staff as "other". */
  misses: number;
  place?: Place;
  /** A place the town does not know, or heard over the phone, waiting for the resident's yes. */
  placeToConfirm?: Place;
  /** The resident's own words about the problem, first message first: the description staff read. */
  words: string[];
  photos: Photo[];
  urgent: boolean;
  /** The resident was asked to describe the problem once; an answer that said nothing is not asked for again. */
  askedForWords?: boolean;
  /** The resident already said to send it (a dropped report brought back by "wait, send it"). */
  confirmed?: boolean;
  /** A bare "no" at the read-back was asked about once already. */
  askedToConfirm?: boolean;
  /** The look for an open case of the same problem (grouping), made for this category and place. */
  grouping?: GroupingState;
  /** The resident said yes to the case offered: their report joins it. */
  joinTo?: string;
}

/** What the resident was shown before the read-back: the cases that already matched, and the one offered. */
export interface GroupingState {
  /** The category and place looked for (a place corrected at the read-back is looked for again). */
  for: string;
  /** Cases that matched then: submission never joins one of them without the resident's yes. */
  seen: string[];
  offered?: OfferedCase;
  /** An unclear answer to the offer was asked about once. */
  askedAgain?: boolean;
}

/** The case offered, as the offer names it (kept, so the offer reads the same when asked again). */
export interface OfferedCase {
  number: string;
  category: CategoryId;
  status: StatusCode;
  location: CaseLocation;
}

export function newDraft(submissionKey: string): ReportDraft {
  return { submissionKey, misses: 0, words: [], photos: [], urgent: false };
}

/** Everything the resident wrote about the problem, in their words. */
export function descriptionOf(draft: ReportDraft): string | undefined {
  const text = draft.words.join('\n').trim();
  return text ? text.slice(0, MAX_DESCRIPTION_LENGTH) : undefined;
}

/** Every image or video the resident attached (MMS can carry up to ten), not only the first. */
export function photosIn(attachments: Attachment[] | undefined): Photo[] {
  return (attachments ?? [])
    .filter((a) => typeof a.contentUrl === 'string' && /^(image|video)\//.test(a.contentType ?? ''))
    .map((a) => ({ url: a.contentUrl as string, contentType: a.contentType }));
}
