import http from 'node:http';

/** Only this host is ever contacted. */
export const FUZZ_HOST = '127.0.0.1';

export interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send only this many bytes of the body, then drop the connection (a client that goes away mid-upload). */
  cutAfter?: number;
  /** Ask for a WebSocket upgrade (the Direct Line stream). */
  upgrade?: boolean;
}

/** An HTTP status, or what happened instead. */
export type FuzzOutcome = { status: number; body: string } | { failure: 'timeout' | 'cut' | 'refused' | 'reset' };

/** The first part of an answer kept (enough for a TwiML answer's action URLs). */
const KEEP_BYTES = 64 * 1024;

/** Sends one request to the server under test (always 127.0.0.1) and reads the answer's status. */
export function send(port: number, request: FuzzRequest, timeoutMs: number): Promise<FuzzOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: FuzzOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    if (body && headers['Content-Length'] === undefined) headers['Content-Length'] = String(body.length);
    if (request.upgrade) Object.assign(headers, { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' });
    const req = http.request({ host: FUZZ_HOST, port, method: request.method, path: request.path, headers, agent: false });
    const timer = setTimeout(() => finish({ failure: 'timeout' }), timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < KEEP_BYTES) chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('error', () => finish({ status: res.statusCode ?? 0, body: '' }));
      res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('upgrade', (res, socket) => {
      socket.on('error', () => undefined);
      socket.destroy();
      finish({ status: res.statusCode ?? 101, body: '' });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (request.cutAfter !== undefined && settled === false) return finish({ failure: 'cut' });
      finish({ failure: error.code === 'ECONNREFUSED' ? 'refused' : 'reset' });
    });
    if (body && request.cutAfter !== undefined) {
      req.write(body.subarray(0, request.cutAfter), () => setTimeout(() => finish({ failure: 'cut' }), 20));
      return;
    }
    req.end(body);
  });
}
