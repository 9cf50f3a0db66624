import { Attachment } from 'botbuilder';
import { Connection, Model, Schema } from 'mongoose';
import { InsertClaims } from '../db/InsertClaims';
import { MediaFetcher } from './twilioMedia';
import { PhotoOwner, PhotoStore } from './PhotoStore';
import { PhotoUrls, mmsPhotoId } from './photoUrls';

interface CopyJob {
  /** The photo id the copy will have: cases already refer to it. */
  _id: string;
  source: string;
  contentType: string;
  owner: PhotoOwner;
  attempts: number;
  nextAttemptAt: Date;
  lastError?: string;
  createdAt: Date;
}

export interface MmsPhotoCopierOptions {
  /** First retry after this long, doubling up to maxRetryMs; a photo is never given up on. */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /** A copier that died mid-copy holds its claim this long. */
  claimMs?: number;
  log: (message: string, error?: unknown) => void;
}

/**
 * Copies MMS photos from Twilio into CivicLine's photo store, after the webhook has answered. The case refers
 * to the photo by its final id (its staff URL) from the start; until the copy succeeds the job keeps Twilio's
 * URL, so a failed copy is retried, and staff can still see the photo (served from Twilio) meanwhile.
 */
export class MmsPhotoCopier {
  private readonly jobs: Model<CopyJob>;
  private readonly claims: InsertClaims;
  private readonly retryBaseMs: number;
  private readonly maxRetryMs: number;
  private readonly claimMs: number;

  constructor(
    connection: Connection,
    private readonly photos: PhotoStore,
    private readonly urls: PhotoUrls,
    private readonly fetchMedia: MediaFetcher,
    private readonly options: MmsPhotoCopierOptions,
  ) {
    const schema = new Schema<CopyJob>(
      {
        _id: String,
        source: String,
        contentType: String,
        owner: Schema.Types.Mixed,
        attempts: Number,
        nextAttemptAt: Date,
        lastError: String,
        createdAt: Date,
      },
      { versionKey: false },
    );
    this.jobs = connection.models.photoCopies ?? connection.model<CopyJob>('photoCopies', schema, 'photoCopies');
    this.claims = new InsertClaims(connection, 'photoCopyClaims');
    this.retryBaseMs = options.retryBaseMs ?? 5_000;
    this.maxRetryMs = options.maxRetryMs ?? 60 * 60_000;
    this.claimMs = options.claimMs ?? 60_000;
  }

  /**
   * At the webhook: records a copy job for each photo or video and returns the attachments with their final
   * URLs (one insert; the download happens later). Other media keep Twilio's URL.
   */
  async intake(messageSid: string, from: string, attachments: Attachment[]): Promise<Attachment[]> {
    const now = new Date();
    const jobs: CopyJob[] = [];
    const mapped = attachments.map((attachment, index) => {
      if (!attachment.contentUrl || !/^(image|video)\//.test(attachment.contentType)) return attachment;
      const id = mmsPhotoId(messageSid, index);
      jobs.push({
        _id: id,
        source: attachment.contentUrl,
        contentType: attachment.contentType,
        owner: { channel: 'sms', address: from },
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
      return { ...attachment, contentUrl: this.urls.staffUrl(id) };
    });
    if (jobs.length > 0) {
      // A retried webhook records the same ids again: those duplicates are expected and ignored.
      await this.jobs.insertMany(jobs, { ordered: false }).catch((error: unknown) => {
        if (!allDuplicates(error)) throw error;
      });
    }
    return mapped;
  }

  /** Copies every photo whose (re)try is due; returns how many were copied. */
  /** Deletes copy claims older than the cutoff (one per job and claim period; they only matter while it runs). */
  deleteClaimsBefore(cutoff: Date): Promise<number> {
    return this.claims.deleteBefore(cutoff);
  }

  async copyDue(limit = 20): Promise<number> {
    const due = await this.jobs.find({ nextAttemptAt: { $lte: new Date() } }).limit(limit).lean();
    let copied = 0;
    for (const job of due) if (await this.copy(job)) copied++;
    return copied;
  }

  /** Where a photo not yet copied still is (Twilio's URL), or undefined when there is no such pending copy. */
  async pendingSource(id: string): Promise<{ source: string; contentType: string } | undefined> {
    const job = await this.jobs.findById(id).lean();
    return job ? { source: job.source, contentType: job.contentType } : undefined;
  }

  private async copy(job: CopyJob): Promise<boolean> {
    // One copier per photo at a time across processes; released when done or failed, it lapses with its time slot
    // if its holder died.
    const claim = `${job._id}|${Math.floor(Date.now() / this.claimMs)}`;
    if (!(await this.claims.tryClaim(claim))) return false;
    try {
      if (!(await this.photos.find(job._id))) {
        const media = await this.fetchMedia(job.source);
        await this.photos.save(job._id, media.bytes, { contentType: media.contentType ?? job.contentType, owner: job.owner, source: job.source });
      }
      await this.jobs.deleteOne({ _id: job._id });
      await this.claims.release(claim);
      return true;
    } catch (error) {
      const attempts = job.attempts + 1;
      const delay = Math.min(this.retryBaseMs * 2 ** (attempts - 1), this.maxRetryMs);
      this.options.log(`Copying MMS photo ${job._id} failed (attempt ${attempts}); retrying in ${Math.round(delay / 1000)} s`, error);
      await this.jobs.updateOne({ _id: job._id }, { $set: { attempts, nextAttemptAt: new Date(Date.now() + delay), lastError: String(error) } });
      await this.claims.release(claim);
      return false;
    }
  }
}

function allDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  if (!writeErrors) return (error as { code?: number }).code === 11000;
  return writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
}
