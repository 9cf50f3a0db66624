import { once } from 'node:events';
import http, { Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** An HTTP server that records every request it gets and answers each with a fixed status and body. */
export class RecordingServer {
  readonly hits: string[] = [];
  private server?: Server;

  constructor(
    private readonly status = 200,
    private readonly body = '{"id":"1"}',
  ) {}

  /** Listens on `host` (every interface by default); returns its port. */
  async start(host = '0.0.0.0'): Promise<number> {
    this.server = http.createServer((req, res) => {
      this.hits.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(this.status, { 'Content-Type': 'application/json' }).end(this.body);
    });
    this.server.listen(0, host);
    await once(this.server, 'listening');
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
