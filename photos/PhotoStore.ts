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
 * CivicLine's own copy of residents' photos, from every channel, so evidence outlives the channel's retention.
 * Ids are chosen by the caller, which makes a retried save of the same photo a no-op.
 */
export interface PhotoStore {
  /** Stores the bytes under id; storing an id that is already stored keeps the first copy. */
  save(id: string, bytes: Buffer, photo: NewPhoto): Promise<void>;
  find(id: string): Promise<StoredPhoto | undefined>;
  read(id: string): Promise<Buffer>;
}
