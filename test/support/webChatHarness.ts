import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from './civicLineHarness';
import { testDatabaseUri } from './database';

/** Settings that keep web chat tests quick: the stream looks for new activities every 100 ms. */
export const WEB_TEST_ENV = { DIRECTLINE_STREAM_POLL_MS: '100' };

/** CivicLine listening on a real port (HTTP and the Direct Line WebSocket), as a browser or client reaches it. */
export class WebServer {
  private constructor(
    readonly civicLine: CivicLine,
    private readonly server: Server,
  ) {}

  static async start(label: string, env: Record<string, string> = {}, databaseUri = testDatabaseUri(label), contentRoot?: string): Promise<WebServer> {
    const civicLine = await startCivicLine(label, { ...WEB_TEST_ENV, ...env }, databaseUri, contentRoot ? { contentRoot } : {});
    const server = createServer(civicLine.app);
    civicLine.attach(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new WebServer(civicLine, server);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get domain(): string {
    return `${this.baseUrl}/v3/directline`;
  }

  async stop(): Promise<void> {
    this.civicLine.closeLiveConnections();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.civicLine.close();
  }
}

export interface StartedConversation {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
  residentKey: string;
}

/** What the page's script does first: ask the token endpoint for a conversation (again as the same resident). */
export async function generateToken(server: WebServer, residentKey?: string, headers: Record<string, string> = {}): Promise<StartedConversation> {
  const response = await fetch(`${server.domain}/tokens/generate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(residentKey ? { residentKey } : {}),
  });
  if (!response.ok) throw new Error(`tokens/generate answered ${response.status}`);
  return (await response.json()) as StartedConversation;
}
