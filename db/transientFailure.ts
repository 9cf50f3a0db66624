/**
 * Failures of input/output that say nothing about the data being worked on: the database out of reach, a lease
 * or lock not granted in time, a write that lost a race. Retrying later (from the state as it was) can succeed;
 * resetting what the resident was doing would only lose it.
 */
export class TransientError extends Error {}

/** Driver errors that mean "the database cannot be reached (or answer) right now", as opposed to a bug or bad data. */
const DRIVER_TRANSIENT = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);

/** Server codes for "not now" (shutting down, interrupted, stepping down, time limit). */
const SERVER_TRANSIENT_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/** Socket-level failures Node reports with a code (a peer closing, refusing or timing out). */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * True for a transient I/O failure anywhere in the error's chain (botbuilder's DialogContextError keeps the original
 * in `error`, others in `cause`). Everything else is a fault in the bot's own logic or state.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof TransientError) return true;
    if (typeof e === 'object') {
      const { name, code, message } = e as { name?: unknown; code?: unknown; message?: unknown };
      if (typeof name === 'string' && DRIVER_TRANSIENT.has(name)) return true;
      if (name === 'MongoServerError' && typeof code === 'number' && SERVER_TRANSIENT_CODES.has(code)) return true;
      // FerretDB on SQLite when writers queue up on the file: busy now, not wrong.
      if (name === 'MongoServerError' && typeof message === 'string' && /SQLITE_BUSY|database is locked/.test(message)) return true;
      if (hasRetryableLabel(e)) return true;
      if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
      // Mongoose's own wording when the connection is gone (it does not set a distinct name).
      if (name === 'MongooseError' && typeof message === 'string' && /buffering timed out|Connection was force closed/.test(message)) return true;
    }
    e = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

function hasRetryableLabel(error: object): boolean {
  const labels = (error as { errorLabels?: unknown; errorLabelSet?: unknown }).errorLabelSet;
  if (labels instanceof Set) return labels.has('RetryableWriteError') || labels.has('ResetPool');
  const list = (error as { errorLabels?: unknown }).errorLabels;
  return Array.isArray(list) && (list.includes('RetryableWriteError') || list.includes('ResetPool'));
}
