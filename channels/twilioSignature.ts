import { NextFunction, Request, Response } from 'express';
import twilio from 'twilio';
import { PLACEHOLDER_AUTH_TOKEN } from '../config/config';
import { cameFromLoopback } from '../http/loopback';

/**
 * Rejects (403) any webhook not signed by Twilio with our auth token. The URL checked is the public one
 * Twilio called (PUBLIC_BASE_URL + path), never the Host header, which a proxy or an attacker can change.
 * The placeholder token from .env.example is public, so anyone can sign with it: webhooks signed with it are
 * taken only from this machine (the socket's address, with no forwarded outside client), whatever forwards them.
 */
export function requireTwilioSignature(authToken: string, publicBaseUrl: string) {
  const loopbackOnly = authToken === PLACEHOLDER_AUTH_TOKEN;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (loopbackOnly && !cameFromLoopback(req)) {
      res.status(403).type('text/plain').send('Forbidden: with the placeholder auth token, webhooks are taken from this machine only');
      return;
    }
    const signature = req.header('X-Twilio-Signature');
    const url = publicBaseUrl + req.originalUrl;
    const params = (req.body ?? {}) as Record<string, unknown>;
    if (!signature || !twilio.validateRequest(authToken, signature, url, params)) {
      res.status(403).type('text/plain').send('Forbidden: invalid Twilio signature');
      return;
    }
    next();
  };
}
