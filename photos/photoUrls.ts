/**
 * A stored photo is known everywhere by its staff URL (the URL cases keep in Photo.url): staff open it with
 * their bearer token. Residents see their own photos through their conversation instead (see DirectLineRoutes).
 */
export class PhotoUrls {
  constructor(private readonly publicBaseUrl: string) {}

  staffUrl(id: string): string {
    return `${this.publicBaseUrl}/staff/photos/${encodeURIComponent(id)}`;
  }

  /** The photo id in a staff URL of this server, or undefined for any other URL. */
  idOf(url: string | undefined): string | undefined {
    const prefix = `${this.publicBaseUrl}/staff/photos/`;
    // A signed link (StaffPhotoLinks) names the same photo: its query is not part of the id.
    return url?.startsWith(prefix) ? decodeURIComponent(url.slice(prefix.length).split('?')[0]) : undefined;
  }
}

/** Photo ids: an MMS photo's comes from its message and position (a retried webhook names the same photo). */
export function mmsPhotoId(messageSid: string, index: number): string {
  return `${messageSid}-${index}`;
}
