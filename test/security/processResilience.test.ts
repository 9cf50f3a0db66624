import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ServerProcess } from '../support/serverProcess';

/** Raw bytes to the server's port, as any client can send them; resolves with what came back before the socket closed. */
function raw(port: number, request: string, resetAfterMs?: number): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      socket.write(request);
      if (resetAfterMs !== undefined) setTimeout(() => socket.resetAndDestroy(), resetAfterMs);
    });
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

const upgrade = (target: string) =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

/** Requests that threw outside any Express handler (the WebSocket upgrade) used to end the whole process. */
describe('no request can crash the process', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.create(mkdtempSync(path.join(os.tmpdir(), 'civicline-resilience-')));
    await server.start();
  }, 60_000);
  afterAll(() => server.stop('SIGTERM'));

  const stillUp = async () => {
    expect(server.running).toBe(true);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  };

  it.each([
    ['a bad %-escape in the conversation id', '/v3/directline/conversations/%E0%A4%A/stream?t=x'],
    ['a lone %', '/v3/directline/conversations/%/stream'],
    ['an absolute URL that is not one', 'http://[::1/v3/directline/conversations/x/stream'],
  ])('a stream request with %s is refused, and the server answers the next request', async (_what, target) => {
    const answer = await raw(server.port, upgrade(target));
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
    await stillUp();
  });

  it('a client that resets its socket in the middle of a stream handshake takes nothing down', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => raw(server.port, upgrade('/v3/directline/conversations/x/stream?t=forged').slice(0, 40 + i * 3), 0)));
    await Promise.all(Array.from({ length: 20 }, () => raw(server.port, upgrade('/v3/directline/conversations/x/stream?t=forged'), 1)));
    await stillUp();
  });

  it('an unexpected error answers a clean 5xx or 4xx without internals', async () => {
    const answer = await raw(server.port, 'POST /twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\nBody%');
    expect(answer).not.toMatch(/at [\w.<>]+ \(|node_modules|Error:/);
    await stillUp();
  });
});
