import { hostileJsonValue, hostileText } from './hostile';
import { Random } from './random';
import { Fuzzer, wellFormed } from './target';
import { FuzzOutcome, FuzzRequest } from './transport';

const DL = '/v3/directline';
/** A tiny PNG: a photo the server keeps. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');

interface Grant {
  token: string;
  conversationId: string;
}

/** Web chat's Direct Line: tokens, conversations, activities with garbage JSON, malformed and truncated uploads, streams. */
export class DirectLineFuzzer implements Fuzzer {
  private readonly grants: Grant[] = [];
  private readonly generating = new Set<FuzzRequest>();

  constructor(private readonly r: Random) {}

  next(): FuzzRequest {
    const r = this.r;
    if (this.grants.length < 3 || r.chance(0.05)) return this.generate();
    const grant = r.pick(this.grants);
    const auth = { Authorization: `Bearer ${r.chance(0.9) ? grant.token : r.pick(['', 'x', hostileText(r).replace(/[^\x21-\x7e]/g, ''), `${grant.token}x`])}` };
    const conversation = r.chance(0.9) ? encodeURIComponent(grant.conversationId) : encodeURIComponent(wellFormed(hostileText(r))).slice(0, 200) || 'x';
    switch (r.int(10)) {
      case 0:
        return { method: 'POST', path: `${DL}/tokens/refresh`, headers: auth };
      case 1:
        return { method: 'POST', path: `${DL}/conversations`, headers: auth };
      case 2:
        return { method: 'GET', path: `${DL}/conversations/${conversation}?watermark=${encodeURIComponent(wellFormed(hostileText(r)))}`, headers: auth };
      case 3:
        return { method: 'GET', path: `${DL}/conversations/${conversation}/activities?watermark=${r.pick(['', '-1', '1e309', '99999999999999999999', encodeURIComponent(wellFormed(hostileText(r)))])}`, headers: auth };
      case 4:
      case 5:
        return { method: 'POST', path: `${DL}/conversations/${conversation}/activities`, headers: { ...auth, 'Content-Type': 'application/json' }, body: this.activityJson() };
      case 6:
      case 7:
        return this.upload(`${DL}/conversations/${conversation}/upload`, auth);
      case 8:
        return {
          method: 'GET',
          path: r.pick([
            `${DL}/conversations/${conversation}/stream?t=${encodeURIComponent(grant.token)}`,
            `${DL}/conversations/%E0%A4%A/stream?t=x`,
            `${DL}/conversations/${conversation}/stream?t=${encodeURIComponent(wellFormed(hostileText(r)))}`,
            `${DL}/conversations/%/stream`,
          ]),
          upgrade: true,
        };
      default:
        return { method: 'GET', path: `${DL}/conversations/${conversation}/photos/${encodeURIComponent(wellFormed(hostileText(r))) || 'x'}?t=${encodeURIComponent(wellFormed(hostileText(r)))}`, headers: auth };
    }
  }

  learn(request: FuzzRequest, outcome: FuzzOutcome): void {
    if (!this.generating.delete(request) || !('status' in outcome) || outcome.status !== 200) return;
    try {
      const answer = JSON.parse(outcome.body) as Partial<Grant>;
      if (typeof answer.token === 'string' && typeof answer.conversationId === 'string') {
        this.grants.push({ token: answer.token, conversationId: answer.conversationId });
        if (this.grants.length > 10) this.grants.shift();
      }
    } catch {
      // Not JSON: nothing to learn.
    }
  }

  private generate(): FuzzRequest {
    const r = this.r;
    const body = r.pick([undefined, '{}', JSON.stringify({ residentKey: hostileJsonValue(r) }), '{"residentKey":', r.bytes(r.int(300)).toString('latin1'), '[]', 'null']);
    const request: FuzzRequest = { method: 'POST', path: `${DL}/tokens/generate`, headers: body === undefined ? {} : { 'Content-Type': 'application/json' }, body };
    this.generating.add(request);
    return request;
  }

  private activityJson(): string {
    const r = this.r;
    switch (r.int(6)) {
      case 0:
        return r.pick(['{', '[', 'null', '"text"', '{"type":"message","text":"a"', r.bytes(r.int(500)).toString('latin1')]);
      case 1:
        return JSON.stringify([{ type: 'message', text: 'hi' }]);
      case 2:
        return JSON.stringify({ type: hostileJsonValue(r), text: hostileJsonValue(r), from: hostileJsonValue(r), value: hostileJsonValue(r), attachments: hostileJsonValue(r), channelData: hostileJsonValue(r) });
      case 3:
        return JSON.stringify({ type: 'message', text: 'x'.repeat(200_000) });
      case 4:
        return JSON.stringify({ type: 'event', name: hostileJsonValue(r), value: hostileJsonValue(r), locale: hostileJsonValue(r) });
      default:
        return JSON.stringify({ type: 'message', text: hostileText(r), locale: r.pick(['en-US', 'fr-CA', hostileText(r)]) });
    }
  }

  /** Multipart uploads: well formed, without a closing boundary, cut mid-stream, with a wrong or missing boundary. */
  private upload(path: string, auth: Record<string, string>): FuzzRequest {
    const r = this.r;
    const boundary = `----fuzz${r.hex(16)}`;
    const activity = JSON.stringify({ type: 'message', text: hostileText(r) });
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="activity"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n${r.chance(0.8) ? activity : hostileText(r)}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${r.chance(0.8) ? 'photo.png' : hostileText(r).replace(/["\r\n]/g, '')}"\r\nContent-Type: image/png\r\n\r\n`,
    ];
    const file = r.chance(0.7) ? PNG : r.bytes(r.int(20_000));
    const whole = Buffer.concat([Buffer.from(parts.join('')), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const headers = { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}` };
    switch (r.int(7)) {
      case 0: // no closing boundary: the stream ends inside the file part
        return { method: 'POST', path, headers, body: whole.subarray(0, whole.length - boundary.length - 8) };
      case 1: // the client goes away mid-upload
        return { method: 'POST', path, headers, body: whole, cutAfter: r.int(whole.length) };
      case 2:
        return { method: 'POST', path, headers: { ...auth, 'Content-Type': r.pick(['multipart/form-data', 'multipart/form-data; boundary=', 'text/plain', `multipart/form-data; boundary=${'b'.repeat(300)}`]) }, body: whole };
      case 3:
        return { method: 'POST', path, headers, body: r.bytes(r.int(5000)) };
      case 4: // truncated inside the headers of a part
        return { method: 'POST', path, headers, body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Ty`) };
      default:
        return { method: 'POST', path, headers, body: whole };
    }
  }
}
