import { timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { StaffRole, StaffToken, roleAtLeast } from './staffTokens';

/**
 * Who made a staff request, for the handlers behind requireStaff (res.locals.staff) and for the audit trail.
 * name is null for a legacy "role:token" token, which names nobody: it may read, never act (see StaffAuthority).
 */
export interface StaffCaller {
  role: StaffRole;
  name: string | null;
}

/**
 * Staff endpoints take `Authorization: Bearer <token>`: 401 without a known token, 403 when the token's role
 * is below what the route needs. Tokens are compared in constant time.
 */
export function requireStaff(tokens: readonly StaffToken[], minimum: StaffRole) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const presented = /^Bearer\s+(\S+)$/i.exec(req.header('Authorization') ?? '')?.[1];
    // Every token is compared (no early exit), so the time taken says nothing about which one came close.
    const match = presented ? tokens.reduce<StaffToken | undefined>((found, t) => (sameSecret(t.token, presented) ? t : found), undefined) : undefined;
    if (!match) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'A staff token is required (Authorization: Bearer <token>)' });
      return;
    }
    if (!roleAtLeast(match.role, minimum)) {
      res.status(403).json({ error: `This needs the ${minimum} role or above` });
      return;
    }
    res.locals.staff = { role: match.role, name: match.name } satisfies StaffCaller;
    next();
  };
}

/** The caller requireStaff let through (call only behind it). */
export function staffCaller(res: Response): StaffCaller {
  const caller = res.locals.staff as StaffCaller | undefined;
  if (!caller) throw new Error('staffCaller() read before requireStaff() ran');
  return caller;
}

function sameSecret(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
