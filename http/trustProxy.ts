import { isIP } from 'node:net';

/** What Express's `trust proxy` is given: how many proxies are in front, or which addresses are proxies. */
export type TrustProxy = number | string[];

/** proxy-addr's (Express's) names for whole ranges. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_HOPS = 10;

/**
 * TRUST_PROXY: a count of proxies ("1" behind one load balancer) or the proxies' addresses and subnets
 * ("10.0.0.0/8, 127.0.0.1", "loopback"). Every problem is returned so start-up can name it. "true" (trust
 * anyone) is refused: any client could then write its own X-Forwarded-For and pass for another address.
 */
export function parseTrustProxy(raw: string | undefined): { value?: TrustProxy; problems: string[] } {
  const text = (raw ?? '').trim();
  if (!text) return { problems: [] };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_HOPS) return { problems: [`a count of proxies must be 0 to ${MAX_HOPS}`] };
    return { value: hops === 0 ? undefined : hops, problems: [] };
  }
  if (/^(true|false)$/i.test(text)) {
    return { problems: ['name the proxies (addresses or subnets such as 10.0.0.0/8) or count them (1); true would let any client forge X-Forwarded-For'] };
  }
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const problems = entries.filter((entry) => !isProxyEntry(entry)).map((entry) => `"${entry}" is not an address, a subnet (10.0.0.0/8) or one of ${RANGE_NAMES.join(', ')}`);
  return problems.length > 0 ? { problems } : { value: entries, problems };
}

function isProxyEntry(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address, range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}
