import { request } from 'node:http';

/** A multipart body written by hand, to send what no well-behaved client would (cut off, misordered). */
export class MultipartBody {
  readonly boundary = `----civicline${Math.random().toString(16).slice(2)}`;
  private readonly parts: Buffer[] = [];

  get contentType(): string {
    return `multipart/form-data; boundary=${this.boundary}`;
  }

  activity(activity: unknown): this {
    return this.part('activity', 'blob', 'application/vnd.microsoft.activity', Buffer.from(JSON.stringify(activity)));
  }

  file(name: string, type: string, bytes: Buffer): this {
    return this.part('file', name, type, bytes);
  }

  part(field: string, filename: string, type: string, bytes: Buffer): this {
    this.parts.push(Buffer.from(`--${this.boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from('\r\n'));
    return this;
  }

  /** The whole body, closing boundary included. */
  complete(): Buffer {
    return Buffer.concat([...this.parts, Buffer.from(`--${this.boundary}--\r\n`)]);
  }

  /** The body without its closing boundary: the parts are there, the form never ends. */
  truncated(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * Sends a body over plain node:http: `declaredLength` may lie, `chunked` sends no length at all, and `abortAfter`
 * sends only that many bytes and then drops the connection (resolving with status 0).
 */
export function sendRaw(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  options: { declaredLength?: number; chunked?: boolean; abortAfter?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const lengthHeader = options.chunked ? {} : { 'Content-Length': String(options.declaredLength ?? body.length) };
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers: { ...headers, ...lengthHeader } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    if (options.abortAfter !== undefined) {
      req.write(body.subarray(0, options.abortAfter), () => setTimeout(() => req.destroy(), 300));
      return;
    }
    if (options.declaredLength !== undefined && options.declaredLength > body.length) {
      req.write(body); // and never the rest: the server must answer from the declared length alone
      return;
    }
    req.end(body);
  });
}
