import { randomBytes } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import busboy from 'busboy';
import { Request } from 'express';
import { PhotoOwner, PhotoStore } from '../../photos/PhotoStore';
import { receivePhoto } from '../../photos/receivePhoto';

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export interface KeptPhoto {
  id: string;
  contentType: string;
  name: string;
}

export interface ReceivedUpload {
  /** The "activity" part, parsed and accepted by checkActivity. */
  activity: unknown;
  photos: KeptPhoto[];
  /** Files read and not kept (not an image, over the size limit): the bot explains them. */
  refused: ('notAnImage' | 'tooLarge')[];
}

/** An upload answered with an HTTP error; nothing of it is stored. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadIntake {
  photos: PhotoStore;
  owner: PhotoOwner;
  limits: UploadLimits;
  /** Validates the activity part before any file is stored: an error message, or undefined when it is acceptable. */
  checkActivity(raw: unknown): string | undefined;
}

const MAX_ACTIVITY_BYTES = 64 * 1024;
/** Part headers and boundaries, generously. */
const MULTIPART_OVERHEAD = 16 * 1024;

/** The most a whole upload may carry: every file at its limit and the activity. */
export function maxUploadBytes(limits: UploadLimits): number {
  return limits.maxFiles * limits.maxFileBytes + MAX_ACTIVITY_BYTES + MULTIPART_OVERHEAD;
}

/**
 * Reads a Direct Line upload (multipart: the "activity" part first, as the official client sends it, then "file"
 * parts) and streams each photo to the store as it arrives. Checked in this order, each before anything is
 * stored: the declared length, the activity, the number of files, each file's declared type, its first bytes,
 * its size. A request that is cut off, malformed or refused as a whole (UploadRefused) leaves no photo behind.
 */
export async function receiveUpload(req: Request, intake: UploadIntake): Promise<ReceivedUpload> {
  const { limits } = intake;
  const maxBytes = maxUploadBytes(limits);
  const declared = Number(req.header('Content-Length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new UploadRefused(413, `An upload is limited to ${maxBytes} bytes`);
  let parser: busboy.Busboy;
  try {
    // One byte over the file limit lets receivePhoto see that a file is too large (busboy drops the rest).
    parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes + 1, files: limits.maxFiles + 2, fields: 5, parts: limits.maxFiles + 6, fieldSize: MAX_ACTIVITY_BYTES } });
  } catch {
    throw new UploadRefused(400, 'An upload must be multipart/form-data');
  }

  const received: ReceivedUpload = { activity: undefined, photos: [], refused: [] };
  let activitySeen = false;
  let problem: UploadRefused | undefined;
  let fileCount = 0;
  /** Errors while reading or storing a part: the request was cut off, or the store failed. */
  const failures: unknown[] = [];
  const work: Promise<void>[] = [];
  let queue: Promise<void> = Promise.resolve();
  const refuse = (status: 400 | 413, message: string) => (problem = problem ?? new UploadRefused(status, message));

  /** Called when the activity part starts (its text may come later, read in turn with the files). */
  const activityStarts = () => {
    if (activitySeen) refuse(400, 'Only one activity part is allowed');
    activitySeen = true;
  };
  const takeActivity = (text: string) => {
    const activity = parseJson(text);
    const error = activity === undefined ? 'The activity part must be JSON' : intake.checkActivity(activity);
    if (error) refuse(400, error);
    else received.activity = activity;
  };

  parser.on('field', (name, value, info) => {
    if (name !== 'activity') return;
    activityStarts();
    if (info.valueTruncated) refuse(400, 'The activity part is too large');
    takeActivity(value);
  });
  parser.on('file', (name, stream, info) => {
    // Parts are read one at a time, later: a form cut off now destroys this part's stream with an error before
    // anyone reads it, and an 'error' nobody listens to ends the process. Its reader sees the error when it reads.
    stream.on('error', () => undefined);
    const handled = name === 'activity' ? queueActivity(stream) : queueFile(stream, info);
    work.push(handled.catch((error: unknown) => void failures.push(error)));
  });

  // Parts are handled one at a time, in order: the parser holds the next part until this one is read.
  const queueActivity = (stream: Readable): Promise<void> => {
    activityStarts();
    queue = queue.catch(() => undefined).then(async () => {
      const text = await readActivityPart(stream);
      if (text === undefined) refuse(400, 'The activity part is too large');
      else takeActivity(text);
    });
    return queue;
  };
  const queueFile = (stream: Readable, info: busboy.FileInfo): Promise<void> => {
    fileCount++;
    if (!activitySeen) refuse(400, 'The activity part must come before the files');
    if (fileCount > limits.maxFiles) refuse(400, `At most ${limits.maxFiles} files per upload`);
    queue = queue.catch(() => undefined).then(async () => {
      if (problem) return void (await drain(stream));
      const id = `w${randomBytes(16).toString('hex')}`;
      const outcome = await receivePhoto(stream, {
        declaredType: info.mimeType,
        maxBytes: limits.maxFileBytes,
        open: (contentType) => intake.photos.openUpload(id, { contentType, owner: intake.owner }),
      });
      if ('refused' in outcome) received.refused.push(outcome.refused);
      else received.photos.push({ id, contentType: outcome.contentType, name: (info.filename ?? 'photo').slice(0, 200) });
    });
    return queue;
  };

  let parsed = true;
  try {
    await parse(req, byteLimit(maxBytes), parser);
  } catch (error) {
    parsed = false;
    refuse(error instanceof UploadRefused ? error.status : 400, 'The upload was cut off or malformed');
  }
  // Every file's fate is settled (stored, or removed again) before answering.
  await Promise.allSettled(work);
  if (parsed && !activitySeen) refuse(400, 'An upload needs its activity part');
  if (problem || failures.length > 0) {
    await forgetPhotos(intake.photos, received.photos);
    // Cut off or malformed: the client's fault (400). Otherwise the store failed while the request was fine.
    throw problem ?? failures[0];
  }
  return received;
}

/**
 * Feeds the request through the byte limit to the parser. Unlike stream.pipeline, a refusal does not destroy the
 * request (and its socket): the client still gets its 400 or 413, then the connection is closed.
 */
function parse(req: Request, limit: Transform, parser: busboy.Busboy): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(limit);
      limit.unpipe(parser);
      // The file being read fails with it, so its partial photo is removed.
      parser.destroy(error);
      reject(error);
    };
    // Listeners stay on: a parser destroyed with an error, or cut off mid-form, can emit 'error' again later
    // (busboy's "Unexpected end of form"), and an 'error' with no listener ends the process.
    req.on('error', fail);
    req.once('close', () => {
      if (!req.complete) fail(new Error('The client went away before the end of the upload'));
    });
    limit.on('error', fail);
    parser.on('error', fail);
    parser.once('finish', () => {
      settled = true;
      resolve();
    });
    req.pipe(limit).pipe(parser);
  });
}

/** Removes photos an upload stored when the upload as a whole is refused after all. */
export async function forgetPhotos(photos: PhotoStore, kept: KeptPhoto[]): Promise<void> {
  await Promise.allSettled(kept.map((photo) => photos.delete(photo.id)));
}

/** The activity sent as a file part (a Blob, as browsers send it), or undefined when it is too large. */
async function readActivityPart(stream: Readable): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_ACTIVITY_BYTES) chunks.push(chunk);
  }
  return size <= MAX_ACTIVITY_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined;
}

async function drain(stream: Readable): Promise<void> {
  for await (const _chunk of stream as AsyncIterable<Buffer>) void _chunk;
}

/** Fails the request once it carries more than its limit (a body with no declared length, or a lying one). */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new UploadRefused(413, `An upload is limited to ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
