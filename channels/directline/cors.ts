import cors from 'cors';
import { Request, RequestHandler } from 'express';

/**
 * The chat may be embedded by the city's own pages on other origins (WEBCHAT_ALLOWED_ORIGINS) and by this
 * server's own pages. Preflights allow the headers the official client sends.
 */
export function webChatCors(allowedOrigins: string[], publicBaseUrl: string): RequestHandler {
  return cors((req: Request, callback) => {
    const origin = req.header('Origin');
    callback(null, {
      origin: origin !== undefined && isAllowedOrigin(origin, req.get('host'), allowedOrigins, publicBaseUrl),
      methods: ['GET', 'POST', 'OPTIONS'],
      // X-Requested-With: Web Chat's requests go through RxJS ajax, which adds it.
      allowedHeaders: ['Authorization', 'Content-Type', 'x-ms-bot-agent', 'X-Requested-With'],
      maxAge: 600,
    });
  });
}

/** True for a listed origin, the public address, or the host the request was sent to (same-origin pages). */
export function isAllowedOrigin(origin: string, host: string | undefined, allowedOrigins: string[], publicBaseUrl: string): boolean {
  if (allowedOrigins.includes(origin) || origin === new URL(publicBaseUrl).origin) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
