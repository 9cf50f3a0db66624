import { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { Connection } from 'mongoose';
import { DatabaseRateLimitStore } from '../../http/DatabaseRateLimitStore';
import { TokenGrant } from './DirectLineTokens';

export interface WebChatRateLimits {
  perIp: RequestHandler;
  perConversation: RequestHandler;
  /** Sweeps finished windows from the database (run periodically). */
  sweep(): Promise<void>;
}

const WINDOW_MS = 60_000;

/**
 * Limits on what a client can make the server do (new conversations, messages, uploads), per address and per
 * conversation, counted in the database so they hold however many processes serve the chat. Reads (polling,
 * the stream, photos) are not limited: they are single look-ups, and a 429 on polling would stop the official
 * client for good.
 */
export function webChatRateLimits(connection: Connection, limits: { perIpPerMinute: number; perConversationPerMinute: number }): WebChatRateLimits {
  const ipStore = new DatabaseRateLimitStore(connection, 'ip:');
  const conversationStore = new DatabaseRateLimitStore(connection, 'conversation:');
  const refuse = (_req: Request, res: Response) => {
    res.status(429).json({ error: { code: 'TooManyRequests', message: 'Too many requests: please wait a minute and try again' } });
  };
  return {
    perIp: rateLimit({
      windowMs: WINDOW_MS,
      limit: limits.perIpPerMinute,
      store: ipStore,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
      handler: refuse,
    }),
    perConversation: rateLimit({
      windowMs: WINDOW_MS,
      limit: limits.perConversationPerMinute,
      store: conversationStore,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // After requireToken: a refreshed token is still the same conversation, so refreshing does not reset it.
      keyGenerator: (_req, res) => (res.locals.grant as TokenGrant).conversationId,
      handler: refuse,
    }),
    sweep: async () => {
      await Promise.all([ipStore.sweep(), conversationStore.sweep()]);
    },
  };
}
