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
