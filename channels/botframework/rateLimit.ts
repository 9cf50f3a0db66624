import { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { Connection } from 'mongoose';
import { DatabaseRateLimitStore } from '../../http/DatabaseRateLimitStore';

export interface BotFrameworkRateLimit {
  perIp: RequestHandler;
  /** Sweeps finished windows from the database (run periodically). */
  sweep(): Promise<void>;
}

/** Activities per minute per client address on /api/messages, counted in the database (shared by every process). */
export function botFrameworkRateLimit(connection: Connection, perIpPerMinute: number): BotFrameworkRateLimit {
  const store = new DatabaseRateLimitStore(connection, 'botframework-ip:');
  return {
    perIp: rateLimit({
      windowMs: 60_000,
      limit: perIpPerMinute,
      store,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
      handler: (_req: Request, res: Response) => {
        res.status(429).type('text/plain').send('Too many requests: please wait a minute and try again');
      },
    }),
    sweep: () => store.sweep(),
  };
}
