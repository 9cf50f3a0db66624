import { IncomingMessage } from 'node:http';
import { clientAddress } from '../../channels/directline/clientAddress';

function upgrade(peer: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} } as unknown as IncomingMessage;
}

describe('clientAddress (a WebSocket upgrade, judged as express judges req.ip)', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(upgrade('203.0.113.9', '1.2.3.4'), undefined)).toBe('203.0.113.9');
  });

  it('takes the address the trusted proxy saw with a hop count, not what the client prepended', () => {
    expect(clientAddress(upgrade('10.0.0.5', '6.6.6.6, 198.51.100.7'), 1)).toBe('198.51.100.7');
  });

  it('skips trusted proxies named by address, subnet or range name, and stops at the first untrusted one', () => {
    expect(clientAddress(upgrade('::ffff:127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3'), ['loopback', '10.0.0.0/8'])).toBe('198.51.100.7');
    expect(clientAddress(upgrade('192.0.2.1', '198.51.100.7'), ['192.0.2.1'])).toBe('198.51.100.7');
    expect(clientAddress(upgrade('192.0.2.1', '198.51.100.7'), ['10.0.0.0/255.0.0.0'])).toBe('192.0.2.1');
  });
});
