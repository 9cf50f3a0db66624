import { IncomingMessage, Server } from 'node:http';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { TurnContext } from 'botbuilder';
import { Connection } from 'mongoose';
import { botFrameworkRouter, createCloudAdapter } from '../channels/botframework/botFrameworkRouter';
import { isAllowedOrigin, webChatCors } from '../channels/directline/cors';
import { DirectLineAdapter } from '../channels/directline/DirectLineAdapter';
import { DirectLineConversations } from '../channels/directline/DirectLineConversations';
import { directLineRouter } from '../channels/directline/directLineRouter';
import { DirectLineService } from '../channels/directline/DirectLineService';
import { DirectLineStreams } from '../channels/directline/DirectLineStreams';
import { DirectLineTokens } from '../channels/directline/DirectLineTokens';
import { webChatRateLimits } from '../channels/directline/rateLimits';
import { directLineSecret } from '../channels/directline/ServerSecret';
import { forBot } from '../channels/directline/webActivity';
import { webChatPageRouter } from '../channels/webchat/webChatPage';
import { Config } from '../config/config';
import { Languages } from '../i18n/Languages';
import { staffPhotoRouter } from '../photos/staffPhotoRouter';
import { DatabaseLock } from '../storage/DatabaseLock';
import { Photos } from './buildPhotos';
import { InFlightWork } from './InFlightWork';
import { Logger } from './Logger';
import { PeriodicTasks } from './PeriodicTasks';

export interface WebChatParts {
  config: Config;
  connection: Connection;
  lock: DatabaseLock;
  languages: Languages;
  photos: Photos;
  tasks: PeriodicTasks;
  logger: Logger;
  contentRoot: string;
  logic: (context: TurnContext) => Promise<void>;
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
}

/**
 * Part of the composition root: web chat over a Direct Line 3.0 served here (REST, WebSocket, uploads), the demo
 * page, staff photos, and POST /api/messages for the Bot Framework Emulator and Azure Bot Service.
 */
export async function buildWebChat(parts: WebChatParts) {
  const { config, connection, lock, photos, tasks, logger, logic } = parts;
  const log = (message: string, error?: unknown) => logger.error(message, error);
  const tokens = new DirectLineTokens(await directLineSecret(connection, config.webChat.secret), config.webChat.tokenLifetimeSeconds);
  const conversations = new DirectLineConversations(connection);
  const adapter = new DirectLineAdapter(conversations, lock, (stored) => forBot(stored, photos.urls));
  adapter.onTurnError = parts.onTurnError;
  const rateLimits = webChatRateLimits(connection, {
    perIpPerMinute: config.webChat.ipLimitPerMinute,
    perConversationPerMinute: config.webChat.conversationLimitPerMinute,
  });
  tasks.every('rate limit sweep', 60_000, () => rateLimits.sweep());
  const turns = new InFlightWork();
  const service = new DirectLineService({
    tokens,
    conversations,
    adapter,
    photos: photos.store,
    logic,
    turns,
    maxPhotoBytes: config.webChat.maxPhotoBytes,
    log,
  });
  const streams = new DirectLineStreams({
    tokens,
    conversations,
    pollMs: config.webChat.streamPollMs,
    isAllowedOrigin: (origin, host) => isAllowedOrigin(origin, host, config.webChat.allowedOrigins, config.publicBaseUrl),
    publicBaseUrl: config.publicBaseUrl,
    trustProxy: Boolean(config.trustProxyHops),
    log,
  });
  const cloudAdapter = createCloudAdapter(config.azureBot);
  cloudAdapter.onTurnError = parts.onTurnError;

  const routers = [
    directLineRouter({
      service,
      photos: photos.store,
      cors: webChatCors(config.webChat.allowedOrigins, config.publicBaseUrl),
      ipLimit: rateLimits.perIp,
      conversationLimit: rateLimits.perConversation,
      maxPhotoBytes: config.webChat.maxPhotoBytes,
      publicBaseUrl: config.publicBaseUrl,
      trustProxy: Boolean(config.trustProxyHops),
      log,
    }),
    webChatPageRouter({
      languages: parts.languages,
      webDir: path.join(parts.contentRoot, 'web'),
      bundleFile: path.join(parts.contentRoot, '.cache', 'webchat', 'webchat-minimal.js'),
    }),
    staffPhotoRouter({ staffTokens: config.staffTokens, photos: photos.store, copier: photos.mms, fetchMedia: photos.fetchMedia }),
    botFrameworkRouter(cloudAdapter, lock, logic),
  ];
  /** Serves the Direct Line WebSocket stream on this HTTP server (its 'upgrade' requests). */
  const attach = (server: Server) => {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Node hands the socket over without an error listener: a client resetting mid-handshake would be an uncaught
      // 'error' and end the process. A malformed URL (a bad %-escape) must be a refusal, not an exception either.
      socket.on('error', () => socket.destroy());
      try {
        if (!streams.handleUpgrade(req, socket, head)) socket.destroy();
      } catch (error) {
        log(`WebSocket upgrade refused (${error instanceof Error ? error.name : typeof error})`);
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        else socket.destroy();
      }
    });
  };
  return { routers, adapter, conversations, turns, attach, closeLiveConnections: () => streams.closeAll() };
}
