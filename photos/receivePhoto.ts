import { Readable } from 'node:stream';
import { sniffImageType } from './imageType';
import { PhotoUpload } from './PhotoStore';

export type ReceivedPhoto = { contentType: string } | { refused: 'notAnImage' | 'tooLarge' };

export interface PhotoIntake {
  /** The type the sender declared: only an image type (or "no idea": octet-stream) is worth reading. */
  declaredType: string;
  maxBytes: number;
  /** Opens the store's upload once the first bytes show an image of this type. */
  open(contentType: string): PhotoUpload;
}

/** Enough of the start of a file to recognise every format in imageType.ts. */
const HEAD_BYTES = 16;

/**
 * Receives one uploaded file as it streams in: the declared type, then the first bytes (an image?), then the size,
 * checked before and while it goes to the store, never buffered whole. A file refused half-way is removed from the
 * store. The source is always read to its end (a multipart parser waits for that), never destroyed here; when the
 * source fails (the request was cut off), whatever was written is removed and the failure is passed on.
 */
export async function receivePhoto(source: Readable, intake: PhotoIntake): Promise<ReceivedPhoto> {
  const state: { refused?: 'notAnImage' | 'tooLarge'; failure?: unknown; failed: boolean; upload?: PhotoUpload; contentType?: string } = {
    refused: isImageDeclaration(intake.declaredType) ? undefined : 'notAnImage',
    failed: false,
  };
  let head: Buffer[] = [];
  let size = 0;

  const startUpload = async () => {
    const bytes = Buffer.concat(head);
    head = [];
    const type = sniffImageType(bytes);
    if (!type) {
      state.refused = 'notAnImage';
      return;
    }
    state.contentType = type;
    state.upload = intake.open(type);
    await state.upload.write(bytes);
  };
  const take = async (chunk: Buffer) => {
    size += chunk.length;
    if (size > intake.maxBytes) state.refused = 'tooLarge';
    else if (state.upload) await state.upload.write(chunk);
    else {
      head.push(chunk);
      if (size >= HEAD_BYTES) await startUpload();
    }
  };
  const fail = (error: unknown) => {
    state.failed = true;
    state.failure = error;
  };

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (state.refused || state.failed) continue; // read on to the end: the parser waits for it
      await take(chunk).catch(fail);
    }
    if (!state.refused && !state.failed && !state.upload) await startUpload().catch(fail);
    if (state.failed) throw state.failure;
    if (state.refused) {
      await state.upload?.abort();
      return { refused: state.refused };
    }
    if (!state.upload || !state.contentType) return { refused: 'notAnImage' };
    await state.upload.finish();
    return { contentType: state.contentType };
  } catch (error) {
    await state.upload?.abort().catch(() => undefined);
    throw error;
  }
}

function isImageDeclaration(type: string): boolean {
  return /^image\/[\w.+-]+$/i.test(type) || type === 'application/octet-stream' || type === '';
}
