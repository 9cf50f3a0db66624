import { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { TrustProxy } from '../../http/trustProxy';

/** proxy-addr's (Express's) named ranges, as subnets. */
const NAMED_RANGES: Record<string, Array<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  linklocal: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
  uniquelocal: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']],
};

/**
 * The client's address for a raw request (a WebSocket upgrade, which express does not see), as express's
 * "trust proxy" decides it for req.ip: with a hop count, the address the nearest trusted proxy saw; with the
 * proxies' addresses, the first address from the right that is not a trusted proxy. A client can prepend anything
 * to X-Forwarded-For, so only what trusted proxies appended counts.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | undefined): string {
  const peer = normalise(req.socket.remoteAddress ?? 'unknown');
  if (trust === undefined || trust === 0) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => normalise(a.trim()))
    .filter(Boolean);
  const chain = [...forwarded, peer];
  if (typeof trust === 'number') return chain[Math.max(0, chain.length - 1 - trust)];
  const proxies = trustedProxies(trust);
  for (let i = chain.length - 1; i > 0; i--) {
    if (!isTrusted(proxies, chain[i])) return chain[i];
  }
  return chain[0];
}

function trustedProxies(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    for (const [address, prefix, family] of NAMED_RANGES[entry] ?? []) list.addSubnet(address, prefix, family);
    if (NAMED_RANGES[entry]) continue;
    const [address, range] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (range === undefined) list.addAddress(address, family);
    else if (/^\d+$/.test(range)) list.addSubnet(address, Number(range), family);
    else list.addSubnet(address, netmaskBits(range), family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function netmaskBits(mask: string): number {
  return mask.split('.').reduce((bits, octet) => bits + Number(octet).toString(2).replace(/0/g, '').length, 0);
}

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) is 127.0.0.1. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
