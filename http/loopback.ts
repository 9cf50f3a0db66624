import { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 ("::ffff:127.0.0.1"), which is how a dual-stack socket shows them. */
export function isLoopbackAddress(address: string | undefined): boolean {
  const bare = (address ?? '').trim().replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) !== 6) return false;
  // The URL parser writes an IPv6 address in its one canonical form: "::1", or "::ffff:7f00:1" for 127.0.0.1.
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(canonical);
  return canonical === '::1' || (mapped !== null && parseInt(mapped[1], 16) >> 8 === 127);
}

/** Headers a proxy, tunnel or load balancer adds to name the client it forwards for. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'] as const;

/**
 * True only when the TCP peer is this machine and nothing in front of it says it forwards someone else: the
 * socket's address decides, never a header, and a local proxy (a tunnel, nginx) naming an outside client makes
 * the request an outside one, whatever TRUST_PROXY says.
 */
export function cameFromLoopback(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return false;
  return forwardedClients(req.headers).every(isLoopbackAddress);
}

/** Every address a forwarding header names ("for=" of Forwarded, each hop of X-Forwarded-For); junk counts as outside. */
function forwardedClients(headers: IncomingMessage['headers']): string[] {
  const clients: string[] = [];
  for (const name of FORWARDING_HEADERS) {
    const raw = headers[name];
    if (raw === undefined) continue;
    for (const value of (Array.isArray(raw) ? raw : [raw]).join(',').split(',')) {
      const item = value.trim();
      if (name !== 'forwarded') {
        clients.push(item);
        continue;
      }
      for (const pair of item.split(';')) {
        const [key, target = ''] = pair.split('=');
        if (key.trim().toLowerCase() === 'for') clients.push(target.trim().replace(/^"|"$/g, '').replace(/^\[([^\]]+)\](:\d+)?$/, '$1'));
      }
    }
  }
  return clients;
}
