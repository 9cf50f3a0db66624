/** Network failures of an HTTP call: the other end refused, reset, or could not be found or reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * True when a turn failed because its replies could not be posted to the activity's serviceUrl (botbuilder's
 * connector client throws a RestError, wrapped by the dialogs in DialogContextError's `error`), not because of
 * anything in CivicLine.
 */
export function isReplyDeliveryFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === 'object' && !seen.has(current); ) {
    seen.add(current);
    const { name, code } = current as { name?: unknown; code?: unknown };
    if (name === 'RestError' || (typeof code === 'string' && NETWORK_CODES.has(code))) return true;
    const next = current as { error?: unknown; cause?: unknown };
    current = next.error ?? next.cause;
  }
  return false;
}
