import { once } from 'node:events';
import http, { Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A reverse proxy on this machine (as nginx or a tunnel would run in front of CivicLine): it forwards every request
 * to the app on 127.0.0.1 and adds the client it serves to X-Forwarded-For, as `$proxy_add_x_forwarded_for` does.
 */
export class LocalProxy {
  private server?: Server;

  constructor(private readonly targetPort: number) {}

  /** Listens on every interface; returns its port. */
  async start(): Promise<number> {
    this.server = http.createServer((req, res) => {
      const client = req.socket.remoteAddress ?? '';
      const forwardedFor = [req.headers['x-forwarded-for'], client].filter(Boolean).join(', ');
      const upstream = http.request(
        { host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwardedFor } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    this.server.listen(0, '0.0.0.0');
    await once(this.server, 'listening');
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
