import { PhotoRetention as Periods } from '../config/config';
import { CasePhotoUse } from '../cases/casePhotoUses';
import { PhotoStore } from './PhotoStore';
import { PhotoUrls } from './photoUrls';

const PAGE = 200;

/**
 * Deletes residents' photos their cases no longer need: a photo no case refers to once it is `unattachedMs` old
 * (the report was never finished), and a photo whose every case was closed (or resolved) `afterClosedMs` ago.
 * A photo of a case still open is kept however old it is.
 */
export class PhotoRetentionRule {
  constructor(
    private readonly store: PhotoStore,
    private readonly urls: PhotoUrls,
    private readonly usesOf: (photoUrls: string[]) => Promise<CasePhotoUse[]>,
    private readonly periods: Periods,
  ) {}

  get ageMs(): number {
    return Math.min(this.periods.unattachedMs, this.periods.afterClosedMs);
  }

  /** Looks at photos stored before the cutoff (now minus ageMs); resolves to how many were deleted. */
  async deleteBefore(cutoff: Date): Promise<number> {
    const now = cutoff.getTime() + this.ageMs;
    let deleted = 0;
    let after: string | undefined;
    for (;;) {
      const photos = await this.store.storedBefore(cutoff, PAGE, after);
      if (photos.length === 0) return deleted;
      after = photos[photos.length - 1].id;
      const uses = await this.usesOf(photos.map((p) => this.urls.staffUrl(p.id)));
      for (const photo of photos) {
        const url = this.urls.staffUrl(photo.id);
        const cases = uses.filter((use) => use.photoUrls.includes(url));
        const expired =
          cases.length === 0
            ? photo.storedAt.getTime() <= now - this.periods.unattachedMs
            : cases.every((c) => !c.open && c.statusChangedAt.getTime() <= now - this.periods.afterClosedMs);
        if (!expired) continue;
        await this.store.delete(photo.id);
        deleted++;
      }
      if (photos.length < PAGE) return deleted;
    }
  }
}
