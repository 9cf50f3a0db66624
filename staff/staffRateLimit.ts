import { Connection } from 'mongoose';
import { PerAddressLimit, perAddressLimit, TOO_MANY_REQUESTS } from '../http/perAddressLimit';

/**
 * Staff requests per minute per client address, counted in the database (every process shares the count) and
 * before the token is checked, so guessing tokens or links is slowed as much as a flood of real requests.
 */
export function staffRateLimit(connection: Connection, perMinute: number): PerAddressLimit {
  return perAddressLimit(connection, 'staff-ip:', perMinute, (res) => void res.status(429).json({ error: TOO_MANY_REQUESTS }));
}
