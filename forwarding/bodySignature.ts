import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed body request, either way (CivicLine to a body, a body's update to CivicLine). */
export const TIMESTAMP_HEADER = 'x-civicline-timestamp';
export const SIGNATURE_HEADER = 'x-civicline-signature';

/** `sha256=<hex HMAC-SHA256 of "<unix seconds>.<raw body>">`: the timestamp is signed, so a replay cannot renew it. */
export function bodySignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export function signedHeaders(secret: string, rawBody: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: bodySignature(secret, timestamp, rawBody) };
}

export type SignatureCheck = 'valid' | 'invalid' | 'stale';

/** Constant-time check of the signature, then of the timestamp's age (either way, a clock skew of `windowMs`). */
export function checkBodySignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  rawBody: Buffer,
  now: Date,
  windowMs: number,
): SignatureCheck {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'invalid';
  const expected = Buffer.from(bodySignature(secret, timestamp, rawBody));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return 'invalid';
  return Math.abs(now.getTime() - Number(timestamp) * 1000) <= windowMs ? 'valid' : 'stale';
}
