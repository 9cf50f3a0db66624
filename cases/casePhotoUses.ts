import { CaseModel } from './CaseModel';
import { isOpenStatus } from './statuses';

/** A case that refers to some of the photos asked about: whether it is still open, and since when it is not. */
export interface CasePhotoUse {
  photoUrls: string[];
  open: boolean;
  /** When the case reached its current status (its closure, when it is closed). */
  statusChangedAt: Date;
}

/** The cases that keep any of these photo URLs (for photo retention: a photo lives as long as its case needs it). */
export function casePhotoUses(cases: CaseModel): (photoUrls: string[]) => Promise<CasePhotoUse[]> {
  return async (photoUrls) => {
    if (photoUrls.length === 0) return [];
    // A dotted path, not $elemMatch: FerretDB 1.24 finds nothing with $elemMatch on sub-documents.
    const found = await cases.find({ 'photos.url': { $in: photoUrls } }, { photos: 1, status: 1, statusChangedAt: 1 }).lean();
    return found.map((c) => ({ photoUrls: c.photos.map((p) => p.url), open: isOpenStatus(c.status), statusChangedAt: c.statusChangedAt }));
  };
}
