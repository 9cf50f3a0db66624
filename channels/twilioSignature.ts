import { NextFunction, Request, Response } from 'express';
import twilio from 'twilio';

/**
 * Rejects (403) any webhook not signed by Twilio with our auth token. The URL checked is the public one
 * Twilio called (PUBLIC_BASE_URL + path), never the Host header, which a proxy or an attacker can change.
 */
export function requireTwilioSignature(authToken: string, publicBaseUrl: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
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
