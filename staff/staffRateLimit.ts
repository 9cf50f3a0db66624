import { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { Connection } from 'mongoose';
import { DatabaseRateLimitStore } from '../http/DatabaseRateLimitStore';

/**
 * Staff requests per minute per client address, counted in the database (every process shares the count) and
 * before the token is checked, so guessing tokens or links is slowed as much as a flood of real requests.
 */
export function staffRateLimit(connection: Connection, perMinute: number): { limit: RequestHandler; sweep: () => Promise<void> } {
  const store = new DatabaseRateLimitStore(connection, 'staff-ip:');
  return {
    limit: rateLimit({
      windowMs: 60_000,
      limit: perMinute,
      store,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
      handler: (_req, res) => void res.status(429).json({ error: 'Too many requests: please wait a minute and try again' }),
    }),
    sweep: () => store.sweep(),
  };
}
