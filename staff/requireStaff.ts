import { timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { StaffRole, StaffToken, roleAtLeast } from './staffTokens';

/** Who made a staff request, for the handlers behind requireStaff (res.locals.staff). */
export interface StaffCaller {
  role: StaffRole;
}

/**
 * Staff endpoints take `Authorization: Bearer <token>`: 401 without a known token, 403 when the token's role
 * is below what the route needs. Tokens are compared in constant time.
 */
export function requireStaff(tokens: StaffToken[], minimum: StaffRole) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const presented = /^Bearer\s+(\S+)$/i.exec(req.header('Authorization') ?? '')?.[1];
    const match = presented ? tokens.find((t) => sameSecret(t.token, presented)) : undefined;
    if (!match) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'A staff token is required (Authorization: Bearer <token>)' });
      return;
    }
    if (!roleAtLeast(match.role, minimum)) {
      res.status(403).json({ error: `This needs the ${minimum} role or above` });
      return;
    }
    res.locals.staff = { role: match.role } satisfies StaffCaller;
    next();
  };
}

function sameSecret(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
