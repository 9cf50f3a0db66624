import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { DirectLineConversations, parseWatermark } from './DirectLineConversations';
import { DirectLineTokens } from './DirectLineTokens';
import { DIRECT_LINE_PATH, clientPhotoUrl } from './directLineRouter';
import { requestOrigin } from './requestOrigin';
import { forClient } from './webActivity';

export interface DirectLineStreamsOptions {
  tokens: DirectLineTokens;
  conversations: DirectLineConversations;
  /** How often each open socket looks for activities (another process may have stored them). */
  pollMs: number;
  isAllowedOrigin: (origin: string, host: string | undefined) => boolean;
  publicBaseUrl: string;
  trustProxy: boolean;
  log: (message: string, error?: unknown) => void;
}

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_PATH}/conversations/([^/]+)/stream$`);
/** A socket that has not answered a ping within this long is dead (a phone that lost its network). */
const HEARTBEAT_MS = 30_000;

/**
 * The Direct Line WebSocket stream. On connect it replays everything after the client's watermark (the client
 * may have posted before its socket opened), then sends what is new as `{activities, watermark}` frames. The
 * activities come from the database, so a message stored by any process reaches every socket.
 */
export class DirectLineStreams {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly options: DirectLineStreamsOptions) {}

  /** For the HTTP server's 'upgrade' event: true when the request was a Direct Line stream (answered or refused). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return false;
    const conversationId = decodeURIComponent(match[1]);
    const grant = this.options.tokens.verify(url.searchParams.get('t') ?? undefined);
    const origin = req.headers.origin;
    if (!grant || grant.conversationId !== conversationId || (origin && !this.options.isAllowedOrigin(origin, req.headers.host))) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => {
      const photoUrl = clientPhotoUrl(requestOrigin(req, this.options.publicBaseUrl, this.options.trustProxy), grant, this.options.tokens);
      this.follow(ws, conversationId, parseWatermark(url.searchParams.get('watermark') ?? ''), grant.expiresAt, photoUrl);
    });
    return true;
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  closeAll(): void {
    for (const ws of this.sockets) ws.close(1001, 'Server shutting down');
  }

  private follow(ws: WebSocket, conversationId: string, from: number, expiresAt: number, photoUrl: (id: string) => string): void {
    this.sockets.add(ws);
    let watermark = from;
    let closed = false;
    let alive = true;
    let timer: NodeJS.Timeout | undefined;
    let failures = 0;

    const tick = async () => {
      if (closed) return;
      if (Date.now() >= expiresAt) {
        // The client reconnects with its refreshed token; an expired one reads nothing more.
        ws.close(1008, 'Token expired');
        return;
      }
      let full = false;
      try {
        const page = await this.options.conversations.activitiesAfter(conversationId, watermark);
        if (page.activities.length > 0 && !closed) {
          ws.send(JSON.stringify({ activities: page.activities.map((a) => forClient(a, photoUrl)), watermark: String(page.watermark) }));
          watermark = page.watermark;
          full = page.activities.length >= 50;
        }
        failures = 0;
      } catch (error) {
        // The database is briefly away: keep the socket and look again (logged once per outage).
        if (failures++ === 0) this.options.log(`Stream of conversation ${conversationId} could not read activities`, error);
      }
      if (!closed) timer = setTimeout(() => void tick(), full ? 0 : this.options.pollMs);
    };

    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    ws.on('pong', () => (alive = true));
    // The official client sends "" every 20 s to notice broken sockets; nothing a client sends means anything.
    ws.on('message', () => undefined);
    ws.on('error', () => undefined);
    ws.on('close', () => {
      closed = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
      this.sockets.delete(ws);
    });
    void tick();
  }
}
