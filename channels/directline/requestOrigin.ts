import { IncomingMessage } from 'node:http';

/**
 * The scheme and host a client used to reach this server, to build URLs it will open (the stream, photos).
 * Requests to the public host use PUBLIC_BASE_URL's scheme (https behind a TLS proxy even without TRUST_PROXY);
 * others (tests, a private address) use the connection's own, or X-Forwarded-Proto when a proxy is trusted.
 */
export function requestOrigin(req: IncomingMessage, publicBaseUrl: string, trustProxy: boolean): { scheme: 'http' | 'https'; host: string } {
  const host = req.headers.host ?? new URL(publicBaseUrl).host;
  const publicUrl = new URL(publicBaseUrl);
  if (host === publicUrl.host) return { scheme: publicUrl.protocol === 'https:' ? 'https' : 'http', host };
  const forwarded = trustProxy ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  return { scheme: forwarded === 'https' || encrypted ? 'https' : 'http', host };
}
