import busboy from 'busboy';
import { Request } from 'express';

export interface UploadedFile {
  name: string;
  bytes: Buffer;
  /** The file was cut off at the size limit: it is refused, never stored in part. */
  tooLarge: boolean;
}

export interface Upload {
  /** The "activity" part, parsed (undefined when missing or not JSON). */
  activity: unknown;
  files: UploadedFile[];
}

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

const MAX_ACTIVITY_BYTES = 64 * 1024;

/**
 * Reads a Direct Line upload (multipart: an "activity" part, then "file" parts). Files over the limit are read
 * only up to it and the rest is discarded as it streams in, so a huge upload never sits in memory.
 */
export function readUpload(req: Request, limits: UploadLimits): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles + 1, fields: 5, parts: limits.maxFiles + 6 } });
    } catch (error) {
      reject(Object.assign(error as Error, { status: 400 }));
      return;
    }
    let activityText = '';
    const files: UploadedFile[] = [];
    const pending: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      if (name === 'activity') activityText = value.slice(0, MAX_ACTIVITY_BYTES);
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      pending.push(
        new Promise<void>((done) => {
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (name === 'activity' ? size <= MAX_ACTIVITY_BYTES : true) chunks.push(chunk);
          });
          stream.on('end', () => {
            const bytes = Buffer.concat(chunks);
            if (name === 'activity') activityText = bytes.toString('utf8');
            else files.push({ name: info.filename ?? 'file', bytes, tooLarge: (stream as unknown as { truncated?: boolean }).truncated === true });
            done();
          });
        }),
      );
    });
    parser.on('error', (error) => reject(Object.assign(error as Error, { status: 400 })));
    parser.on('close', () => {
      void Promise.all(pending).then(() => resolve({ activity: parseJson(activityText), files: files.slice(0, limits.maxFiles) }));
    });
    req.pipe(parser);
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
