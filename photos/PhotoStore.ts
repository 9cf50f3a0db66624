/** Who may see a photo besides staff: the resident who sent it, on the channel they sent it from. */
export interface PhotoOwner {
  channel: string;
  /** The reporter address (phone number, web user id). */
  address: string;
  /** The web conversation that may show it back to its sender. */
  conversationId?: string;
}

export interface StoredPhoto {
  id: string;
  contentType: string;
  length: number;
  owner: PhotoOwner;
  storedAt: Date;
  source?: string;
}

export interface NewPhoto {
  contentType: string;
  owner: PhotoOwner;
  /** Where it came from (a Twilio media URL), kept for the record. */
  source?: string;
}

/**
 * A photo being streamed in. Nothing is visible until finish() resolves; abort() removes whatever was written,
 * so a refused or broken upload leaves nothing behind.
 */
export interface PhotoUpload {
  /** Resolves once these bytes are taken: wait for it before writing more (memory stays at one chunk). */
  write(bytes: Buffer): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * CivicLine's own copy of residents' photos, from every channel, so evidence outlives the channel's retention.
 * Ids are chosen by the caller, which makes a retried save of the same photo a no-op.
 */
export interface PhotoStore {
  /** Stores the bytes under id; storing an id that is already stored keeps the first copy. */
  save(id: string, bytes: Buffer, photo: NewPhoto): Promise<void>;
  /** Starts storing a photo whose bytes arrive as a stream (an upload), never held whole in memory. */
  openUpload(id: string, photo: NewPhoto): PhotoUpload;
  find(id: string): Promise<StoredPhoto | undefined>;
  read(id: string): Promise<Buffer>;
  /** Removes the photo and any part of it (deleting one that is not there is not an error). */
  delete(id: string): Promise<void>;
  /** Photos stored before the cutoff, by id, at most `limit` of them after the id `after` (for retention, page by page). */
  storedBefore(cutoff: Date, limit: number, after?: string): Promise<StoredPhoto[]>;
}
