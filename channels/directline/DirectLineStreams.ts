import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { TrustProxy } from '../../http/trustProxy';
import { clientAddress } from './clientAddress';
import { DirectLineConversations, parseWatermark } from './DirectLineConversations';
import { VerifiedGrant } from './DirectLineTokens';
import { DIRECT_LINE_PATH, clientPhotoUrl } from './directLineRouter';
import { requestOrigin } from './requestOrigin';
import { StreamLimits } from './StreamLimits';
import { TokenCheck } from './TokenCheck';
import { forClient } from './webActivity';

export interface DirectLineStreamsOptions {
  access: TokenCheck;
  /** Open streams per conversation and per client address. */
  limits: StreamLimits;
  /** Proxies in front that set X-Forwarded-For (0: the peer's address counts). */
  /** TRUST_PROXY, for the client address of an upgrade request (express never sees those). */
  trustedProxies: TrustProxy | undefined;
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
/** How often an open stream checks that its token was not retired meanwhile (refreshed, forgotten). */
const RECHECK_MS = 30_000;

/**
 * The Direct Line WebSocket stream. On connect it replays everything after the client's watermark (the client
 * may have posted before its socket opened), then sends what is new as `{activities, watermark}` frames. The
 * activities come from the database, so a message stored by any process reaches every socket.
 */
export class DirectLineStreams {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly options: DirectLineStreamsOptions) {}

  /**
   * For the HTTP server's 'upgrade' event: true when the request was a Direct Line stream (answered or refused).
   * Refused: 403 for a bad token or origin, 429 past the limits, 503 when the token cannot be checked.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return false;
    // Node stops listening for errors on an upgraded socket: without this, a client resetting it ends the process.
    socket.on('error', () => socket.destroy());
    const conversationId = safeDecode(match[1]);
    const token = url.searchParams.get('t') ?? undefined;
    const signed = this.options.access.tokens.verify(token);
    const origin = req.headers.origin;
    if (!signed || signed.conversationId !== conversationId || (origin && !this.options.isAllowedOrigin(origin, req.headers.host))) {
      refuse(socket, '403 Forbidden');
      return true;
    }
    // Taken at once, before any wait, so that a burst of connections cannot all pass the count together.
    const place = this.options.limits.take(conversationId, clientAddress(req, this.options.trustedProxies));
    if ('refused' in place) {
      refuse(socket, '429 Too Many Requests', 'Retry-After: 30\r\n');
      return true;
    }
    // However the connection ends (the stream closes, the upgrade fails half-way), its place is given back.
    socket.once('close', place.release);
    this.options.access.grantOf(token).then(
      (grant) => {
        if (!grant || socket.destroyed) {
          place.release();
          return refuse(socket, '403 Forbidden');
        }
        this.server.handleUpgrade(req, socket, head, (ws) => {
          const photoUrl = clientPhotoUrl(requestOrigin(req, this.options.publicBaseUrl, this.options.trustProxy), grant, this.options.access.tokens);
          this.follow(ws, grant, token ?? '', parseWatermark(url.searchParams.get('watermark') ?? ''), photoUrl);
        });
      },
      (error: unknown) => {
        place.release();
        this.options.log(`Stream of conversation ${conversationId} refused: its token could not be checked`, error);
        refuse(socket, '503 Service Unavailable');
      },
    );
    return true;
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  closeAll(): void {
    for (const ws of this.sockets) ws.close(1001, 'Server shutting down');
  }

  private follow(ws: WebSocket, grant: VerifiedGrant, token: string, from: number, photoUrl: (id: string) => string): void {
    const { conversationId, expiresAt } = grant;
    this.sockets.add(ws);
    let checkedAt = Date.now();
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
      if (Date.now() - checkedAt >= RECHECK_MS) {
        checkedAt = Date.now();
        // A retired token reads nothing more either; a database outage is not the client's fault: keep going.
        const still = await this.options.access.grantOf(token).catch(() => grant);
        if (!still) return void ws.close(1008, 'Token retired');
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

function refuse(socket: Duplex, status: string, headers = ''): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n${headers}Content-Length: 0\r\n\r\n`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}
