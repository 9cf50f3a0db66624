import { Connection } from 'mongoose';
import { PerAddressLimit, perAddressLimit, TOO_MANY_REQUESTS } from '../../http/perAddressLimit';

/** Activities per minute per client address on /api/messages, counted in the database (shared by every process). */
export function botFrameworkRateLimit(connection: Connection, perIpPerMinute: number): PerAddressLimit {
  return perAddressLimit(connection, 'botframework-ip:', perIpPerMinute, (res) => void res.status(429).type('text/plain').send(TOO_MANY_REQUESTS));
}
