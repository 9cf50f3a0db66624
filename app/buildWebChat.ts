import { UnreadWebNotices } from '../channels/directline/UnreadWebNotices';
import { IncomingMessage, Server } from 'node:http';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { TurnContext } from 'botbuilder';
import { Connection } from 'mongoose';
import { botFrameworkRouter, createCloudAdapter } from '../channels/botframework/botFrameworkRouter';
import { botFrameworkRateLimit } from '../channels/botframework/rateLimit';
import { isAllowedOrigin, webChatCors } from '../channels/directline/cors';
import { DirectLineAdapter } from '../channels/directline/DirectLineAdapter';
import { DirectLineConversations } from '../channels/directline/DirectLineConversations';
import { directLineRouter } from '../channels/directline/directLineRouter';
import { DirectLineService } from '../channels/directline/DirectLineService';
import { DirectLineStreams } from '../channels/directline/DirectLineStreams';
import { DirectLineTokens } from '../channels/directline/DirectLineTokens';
import { WebChatTurns } from '../channels/directline/WebChatTurns';
import { WebChatTurnsOwed } from '../channels/directline/WebChatTurnsOwed';
import { ClientActivityIds } from '../channels/directline/ClientActivityIds';
import { webChatRateLimits } from '../channels/directline/rateLimits';
import { ResidentKeys } from '../channels/directline/ResidentKeys';
import { RetiredTokens } from '../channels/directline/RetiredTokens';
import { directLineSecret } from '../channels/directline/ServerSecret';
import { StreamLimits } from '../channels/directline/StreamLimits';
import { TokenCheck } from '../channels/directline/TokenCheck';
import { forBot } from '../channels/directline/webActivity';
import { webChatPageRouter } from '../channels/webchat/webChatPage';
import { Config } from '../config/config';
import { Languages } from '../i18n/Languages';
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
  /** Rethrows an I/O failure (the turn is run again, then the resident told): web chat shows only committed turns. */
  webChatTurnError: (context: TurnContext, error: Error) => Promise<void>;
  /** The honest "please send that again" of a web chat turn that could not be applied. */
  turnFailed: (context: TurnContext) => Promise<void>;
}

/**
 * Part of the composition root: web chat over a Direct Line 3.0 served here (REST, WebSocket, uploads), the demo
 * page, and POST /api/messages for the Bot Framework Emulator and Azure Bot Service.
 */
export async function buildWebChat(parts: WebChatParts) {
  const { config, connection, lock, photos, tasks, logger, logic } = parts;
  const log = (message: string, error?: unknown) => logger.error(message, error);
  const tokens = new DirectLineTokens(await directLineSecret(connection, config.webChat.secret), config.webChat.tokenLifetimeSeconds);
  const retiredTokens = new RetiredTokens(connection);
  const access = new TokenCheck(tokens, retiredTokens, config.webChat.refreshGraceMs);
  const residentKeys = new ResidentKeys(connection, config.webChat.residentKeyIdleMs);
  const conversations = new DirectLineConversations(connection);
  const unread = new UnreadWebNotices(connection, conversations);
  const adapter = new DirectLineAdapter(conversations, lock, (stored) => forBot(stored, photos.urls));
  adapter.onTurnError = parts.webChatTurnError;
  const rateLimits = webChatRateLimits(connection, {
    perIpPerMinute: config.webChat.ipLimitPerMinute,
    perConversationPerMinute: config.webChat.conversationLimitPerMinute,
  });
  tasks.every('rate limit sweep', 60_000, () => rateLimits.sweep());
  const turns = new InFlightWork();
  const owed = new WebChatTurnsOwed(connection);
  const clientIds = new ClientActivityIds(connection);
  const webTurns = new WebChatTurns({ adapter, conversations, owed, logic, turnFailed: parts.turnFailed, log });
  // Messages accepted by a process that died before answering them: any process answers each, once.
  tasks.every('web chat turns owed', 2000, () => webTurns.recover());
  const service = new DirectLineService({
    tokens,
    conversations,
    adapter,
    residentKeys,
    owed,
    webTurns,
    clientIds,
    logic,
    turns,
    log,
    unread,
  });
  const streams = new DirectLineStreams({
    access,
    limits: new StreamLimits({ perConversation: config.webChat.streamsPerConversation, perAddress: config.webChat.streamsPerIp }),
    trustedProxies: config.trustProxy,
    conversations,
    pollMs: config.webChat.streamPollMs,
    isAllowedOrigin: (origin, host) => isAllowedOrigin(origin, host, config.webChat.allowedOrigins, config.publicBaseUrl),
    publicBaseUrl: config.publicBaseUrl,
    trustProxy: config.trustProxy !== undefined,
    log,
  });
  const cloudAdapter = createCloudAdapter(config.azureBot);
  cloudAdapter.onTurnError = parts.onTurnError;
  const botFrameworkLimit = botFrameworkRateLimit(connection, config.webChat.ipLimitPerMinute);
  tasks.every('Bot Framework rate limit sweep', 60_000, () => botFrameworkLimit.sweep());
  if (!config.azureBot.appId) {
    logger.info('POST /api/messages: no MicrosoftAppId, so it answers requests from this machine only (the Bot Framework Emulator)');
  }

  const routers = [
    directLineRouter({
      service,
      access,
      residentKeys,
      photos: photos.store,
      cors: webChatCors(config.webChat.allowedOrigins, config.publicBaseUrl),
      ipLimit: rateLimits.perIp,
      conversationLimit: rateLimits.perConversation,
      maxPhotoBytes: config.webChat.maxPhotoBytes,
      maxFilesPerUpload: config.webChat.maxFilesPerUpload,
      publicBaseUrl: config.publicBaseUrl,
      trustProxy: config.trustProxy !== undefined,
      log,
    }),
    webChatPageRouter({
      languages: parts.languages,
      webDir: path.join(parts.contentRoot, 'web'),
      bundleFile: path.join(parts.contentRoot, '.cache', 'webchat', 'webchat-minimal.js'),
    }),
    botFrameworkRouter({ adapter: cloudAdapter, lock, logic, appId: config.azureBot.appId, rateLimit: botFrameworkLimit.limit, log }),
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
  /** For the retention job: what the web chat keeps that expires. */
  const retention = {
    deleteIdleResidentKeys: (cutoff: Date) => residentKeys.deleteIdleBefore(cutoff),
    deleteExpiredTokenRecords: (cutoff: Date) => retiredTokens.deleteExpiredBefore(cutoff),
  };
  return { routers, adapter, conversations, unread, turns, owed, clientIds, attach, retention, closeLiveConnections: () => streams.closeAll() };
}
