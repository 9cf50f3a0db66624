import { IncomingMessage } from 'node:http';

/**
 * The client's address for a raw request (a WebSocket upgrade, which express does not see): with `trustedHops`
 * proxies in front, the address the nearest trusted proxy saw (as express's "trust proxy" with a hop count);
 * without, the peer's own. A client can prepend anything to X-Forwarded-For, so only the trusted end counts.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}
