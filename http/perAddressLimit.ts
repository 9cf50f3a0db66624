import { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { Connection } from 'mongoose';
import { DatabaseRateLimitStore } from './DatabaseRateLimitStore';

export interface PerAddressLimit {
  limit: RequestHandler;
  /** Sweeps finished windows from the database (run periodically). */
  sweep(): Promise<void>;
}

/**
 * Requests per minute per client address (`req.ip`, so `TRUST_PROXY` decides what the address is), counted in the
 * database under its own prefix, so every process shares the count. `refuse` answers the 429 in the route's own
 * format (plain text or JSON).
 */
export function perAddressLimit(connection: Connection, prefix: string, perMinute: number, refuse: (res: Response) => void): PerAddressLimit {
  const store = new DatabaseRateLimitStore(connection, prefix);
  return {
    limit: rateLimit({
      windowMs: 60_000,
      limit: perMinute,
      store,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? 'unknown'),
      handler: (_req: Request, res: Response) => refuse(res),
    }),
    sweep: () => store.sweep(),
  };
}

export const TOO_MANY_REQUESTS = 'Too many requests: please wait a minute and try again';
