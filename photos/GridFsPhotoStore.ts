import { Connection, mongo } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';
import { NewPhoto, PhotoOwner, PhotoStore, StoredPhoto } from './PhotoStore';

interface PhotoMetadata {
  contentType: string;
  owner: PhotoOwner;
  source?: string;
}

/** Photos in the database (GridFS: photos.files and photos.chunks), found by their _id only. */
export class GridFsPhotoStore implements PhotoStore {
  private readonly bucket: mongo.GridFSBucket;

  constructor(connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('GridFsPhotoStore needs a connected database');
    this.bucket = new mongo.GridFSBucket(db, { bucketName: 'photos' });
  }

  async save(id: string, bytes: Buffer, photo: NewPhoto): Promise<void> {
    if (await this.find(id)) return;
    const metadata: PhotoMetadata = { contentType: photo.contentType, owner: photo.owner, ...(photo.source ? { source: photo.source } : {}) };
    const upload = this.bucket.openUploadStreamWithId(id as unknown as mongo.ObjectId, id, { metadata });
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

  async find(id: string): Promise<StoredPhoto | undefined> {
    const [file] = await this.bucket.find({ _id: id as unknown as mongo.ObjectId }).limit(1).toArray();
    if (!file) return undefined;
    const metadata = file.metadata as PhotoMetadata;
    return { id, contentType: metadata.contentType, length: file.length, owner: metadata.owner, storedAt: file.uploadDate, source: metadata.source };
  }

  async read(id: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(id as unknown as mongo.ObjectId)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
