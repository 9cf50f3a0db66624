import { createHmac, timingSafeEqual } from 'node:crypto';
import { PhotoUrls } from './photoUrls';

export type PhotoLinkCheck = 'valid' | 'expired' | 'invalid';

export interface StaffPhotoLinkOptions {
  urls: PhotoUrls;
  /** The signing secret (loaded once, from the database). */
  secret: () => Promise<string>;
  lifetimeMs: number;
  clock: () => Date;
}

/**
 * Links to a photo that a staff member can open without a token (from a text, an e-mail, a notice), for a
 * limited time: the staff URL plus ?expires=<unix seconds>&sig=<HMAC-SHA256 of the photo id and expiry>. The
 * URL a case keeps stays unsigned (it is opened with a bearer token); a link is signed when it is handed out.
 */
export class StaffPhotoLinks {
  constructor(private readonly options: StaffPhotoLinkOptions) {}

  async link(photoId: string): Promise<string> {
    const expires = Math.floor((this.options.clock().getTime() + this.options.lifetimeMs) / 1000);
    const sig = await this.signature(photoId, String(expires));
    return `${this.options.urls.staffUrl(photoId)}?expires=${expires}&sig=${sig}`;
  }

  async check(photoId: string, expires: string, sig: string): Promise<PhotoLinkCheck> {
    const expected = Buffer.from(await this.signature(photoId, expires));
    const presented = Buffer.from(sig);
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return 'invalid';
    return Number(expires) * 1000 > this.options.clock().getTime() ? 'valid' : 'expired';
  }

  private async signature(photoId: string, expires: string): Promise<string> {
    return createHmac('sha256', await this.options.secret())
      .update(`staff-photo\n${photoId}\n${expires}`)
      .digest('base64url');
  }
}

/** Loads a secret once; a failed load is tried again at the next use. */
export function loadOnce(load: () => Promise<string>): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
