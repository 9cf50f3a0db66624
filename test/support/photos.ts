import { deflateSync } from 'node:zlib';
import { CivicLine } from '../../app/createCivicLine';
import { PhotoUrls } from '../../photos/photoUrls';
import { PUBLIC_BASE_URL } from './testConfig';

/** A real PNG (solid colour), small enough for any limit; `noise` makes it incompressible, hence large. */
export function pngImage(width = 8, height = 8, noise = false): Buffer {
  const row = (y: number) =>
    Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width * 3 }, (_, i) => (noise ? (Math.random() * 256) | 0 : [200, 60, 40][i % 3] + (y % 2))))]);
  const raw = Buffer.concat(Array.from({ length: height }, (_, y) => row(y)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Where a case photo came from: the Twilio URL of an MMS photo (copied already, or still waiting to be). */
export async function photoSource(civicLine: CivicLine, caseUrl: string): Promise<string | undefined> {
  const id = new PhotoUrls(PUBLIC_BASE_URL).idOf(caseUrl);
  if (!id) return undefined;
  return (await civicLine.photos.find(id))?.source ?? (await civicLine.mmsPhotos.pendingSource(id))?.source;
}
