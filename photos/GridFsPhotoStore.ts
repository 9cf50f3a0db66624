import { Writable } from 'node:stream';
import { Connection, mongo } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';
import { NewPhoto, PhotoStore, PhotoUpload, StoredPhoto } from './PhotoStore';

interface PhotoMetadata {
  contentType: string;
  owner: StoredPhoto['owner'];
  source?: string;
}

const BUCKET = 'photos';

/** Photos in the database (GridFS: photos.files and photos.chunks), found by their _id only. */
export class GridFsPhotoStore implements PhotoStore {
  private readonly bucket: mongo.GridFSBucket;
  private readonly files: mongo.Collection;
  private readonly chunks: mongo.Collection;

  constructor(connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('GridFsPhotoStore needs a connected database');
    this.bucket = new mongo.GridFSBucket(db, { bucketName: BUCKET });
    this.files = db.collection(`${BUCKET}.files`);
    this.chunks = db.collection(`${BUCKET}.chunks`);
  }

  async save(id: string, bytes: Buffer, photo: NewPhoto): Promise<void> {
    if (await this.find(id)) return;
    const upload = this.bucket.openUploadStreamWithId(id as unknown as mongo.ObjectId, id, { metadata: metadataOf(photo) });
    try {
      await new Promise<void>((resolve, reject) => {
        upload.once('finish', () => resolve());
        upload.once('error', reject);
        upload.end(bytes);
      });
    } catch (error) {
      // Two processes saving the same photo at once: the first copy stands.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  openUpload(id: string, photo: NewPhoto): PhotoUpload {
    return new GridFsUpload(this.bucket.openUploadStreamWithId(id as unknown as mongo.ObjectId, id, { metadata: metadataOf(photo) }), () => this.delete(id));
  }

  async find(id: string): Promise<StoredPhoto | undefined> {
    const [file] = await this.bucket.find({ _id: id as unknown as mongo.ObjectId }).limit(1).toArray();
    return file ? storedPhoto(file) : undefined;
  }

  async read(id: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(id as unknown as mongo.ObjectId)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The chunks too: an upload cut off half-way has chunks and no file document. */
  async delete(id: string): Promise<void> {
    await this.files.deleteOne({ _id: id as unknown as mongo.ObjectId });
    await this.chunks.deleteMany({ files_id: id });
  }

  async storedBefore(cutoff: Date, limit: number, after?: string): Promise<StoredPhoto[]> {
    const filter = { uploadDate: { $lt: cutoff }, ...(after !== undefined ? { _id: { $gt: after as unknown as mongo.ObjectId } } : {}) };
    const files = await this.bucket.find(filter).sort({ _id: 1 }).limit(limit).toArray();
    return files.map(storedPhoto);
  }

  /**
   * Chunks of uploads that never finished (the process stopped half-way), older than the cutoff: a finished
   * photo has its file document, an abandoned one only chunks. Resolves to how many uploads were removed.
   */
  async deleteAbandonedBefore(cutoff: Date): Promise<number> {
    const ids = (await this.chunks.distinct('files_id', { _id: { $lt: mongo.ObjectId.createFromTime(Math.floor(cutoff.getTime() / 1000)) } })) as unknown[];
    if (ids.length === 0) return 0;
    const finished = new Set((await this.files.find({ _id: { $in: ids as mongo.ObjectId[] } }, { projection: { _id: 1 } }).toArray()).map((f) => String(f._id)));
    const abandoned = ids.filter((id) => !finished.has(String(id)));
    if (abandoned.length > 0) await this.chunks.deleteMany({ files_id: { $in: abandoned } });
    return abandoned.length;
  }
}

/** One write at a time, each awaited: the upload holds at most one GridFS chunk (255 kB) in memory. */
class GridFsUpload implements PhotoUpload {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly stream: Writable,
    private readonly remove: () => Promise<void>,
  ) {
    // Failures reach the caller through write() and finish(); an 'error' event with no listener would end the process.
    stream.on('error', () => undefined);
  }

  write(bytes: Buffer): Promise<void> {
    const written = new Promise<void>((resolve, reject) => this.stream.write(bytes, (error) => (error ? reject(error) : resolve())));
    this.writing = written.catch(() => undefined);
    return written;
  }

  finish(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }

  /** Waits for the chunk being inserted, so that no chunk lands after the clean-up. */
  async abort(): Promise<void> {
    await this.writing;
    this.stream.destroy();
    await this.remove();
  }
}

function metadataOf(photo: NewPhoto): PhotoMetadata {
  return { contentType: photo.contentType, owner: photo.owner, ...(photo.source ? { source: photo.source } : {}) };
}

function storedPhoto(file: mongo.GridFSFile): StoredPhoto {
  const metadata = file.metadata as PhotoMetadata;
  const id = String(file._id);
  return { id, contentType: metadata.contentType, length: file.length, owner: metadata.owner, storedAt: file.uploadDate, source: metadata.source };
}
