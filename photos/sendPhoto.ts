import { Response } from 'express';

/** Sends stored image bytes so that no browser ever runs them as a page. */
export function sendPhoto(res: Response, contentType: string, bytes: Buffer): void {
  res
    .status(200)
    .set({
      'Content-Type': contentType,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=3600',
    })
    .send(bytes);
}
