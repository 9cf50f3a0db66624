import { maskPhoneNumbers } from '../storage/maskPhoneNumbers';

/** Where the app writes what operators need to see; tests pass a quiet one. */
export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error instanceof Error ? error.stack : (error ?? '')),
};

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };

/** Logs are kept and shared more widely than the database: residents' numbers are masked in everything written. */
export function phoneMaskingLogger(inner: Logger): Logger {
  return {
    info: (message) => inner.info(maskPhoneNumbers(message)),
    error: (message, error) => inner.error(maskPhoneNumbers(message), error === undefined ? undefined : maskPhoneNumbers(describe(error))),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
