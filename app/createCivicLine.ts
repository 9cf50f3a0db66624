import path from 'node:path';
import { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import { ConversationState, TurnContext, UserState } from 'botbuilder';
import { Express } from 'express';
import { ChoiceMemory } from '../bot/ChoiceMemory';
import { CivicBot } from '../bot/CivicBot';
import { ResidentLanguage } from '../bot/ResidentLanguage';
import { ResidentProfile } from '../bot/ResidentProfile';
import { Choice } from '../dialogs/choices';
import { Languages } from '../i18n/Languages';
import { CaseService } from '../cases/CaseService';
import { caseModel } from '../cases/CaseModel';
import { createTwilioClient } from '../channels/twilioClient';
import { OptOutRegistry } from '../channels/sms/OptOutRegistry';
import { smsWebhookRouter } from '../channels/sms/SmsWebhook';
import { TwilioSmsAdapter } from '../channels/sms/TwilioSmsAdapter';
import { WebhookReceipts } from '../channels/sms/WebhookReceipts';
import { Config } from '../config/config';
import { Database } from '../db/Database';
import { isDatabaseUnavailable } from '../db/databaseUnavailable';
import { createI18n, listLocales } from '../i18n/createI18n';
import { MongoPermitDirectory } from '../permits/MongoPermitDirectory';
import { samplePermits } from '../permits/samplePermits';
import { DatabaseLock } from '../storage/DatabaseLock';
import { MongoStorage } from '../storage/MongoStorage';
import { KnowledgeBase } from '../understanding/KnowledgeBase';
import { Gazetteer } from '../understanding/places/Gazetteer';
import { PlaceParser } from '../understanding/places/PlaceParser';
import { loadPlaceVocabularies } from '../understanding/places/PlaceVocabulary';
import { Recognizer } from '../understanding/Recognizer';
import { loadVocabularies } from '../understanding/Vocabulary';
import { AttemptLimiter } from '../storage/AttemptLimiter';
import { LegacyUnderstander } from '../understanding/LegacyUnderstander';
import { GazetteerStreetFacts } from '../understanding/places/GazetteerStreetFacts';
import { buildDialogs } from './buildDialogs';
import { botFrameworkRouter, createCloudAdapter } from '../channels/botframework/botFrameworkRouter';
import { webChatCors, isAllowedOrigin } from '../channels/directline/cors';
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
import { GridFsPhotoStore } from '../photos/GridFsPhotoStore';
import { MmsPhotoCopier } from '../photos/MmsPhotoCopier';
import { PhotoStore } from '../photos/PhotoStore';
import { PhotoUrls } from '../photos/photoUrls';
import { staffPhotoRouter } from '../photos/staffPhotoRouter';
import { twilioMediaFetcher } from '../photos/twilioMedia';
import { httpApp } from './httpApp';
import { InFlightWork } from './InFlightWork';
import { Logger, phoneMaskingLogger } from './Logger';
import { PeriodicJobs } from './PeriodicJobs';

export interface CivicLine {
  app: Express;
  bot: CivicBot;
  sms: TwilioSmsAdapter;
  /** Places in residents' words, checked against `knowledge/gazetteer.json`. */
  places: PlaceParser;
  /** Web chat: the adapter for proactive turns, and the conversations (appendBotActivity for notifications). */
  webChat: DirectLineAdapter;
  directLine: DirectLineConversations;
  photos: PhotoStore;
  mmsPhotos: MmsPhotoCopier;
  cases: CaseService;
  database: Database;
  /** Serves the Direct Line WebSocket stream on this HTTP server (its 'upgrade' requests). */
  attach(server: Server): void;
  /** At shutdown, first: closes open chat sockets (their clients reconnect, to another process if need be). */
  closeLiveConnections(): void;
  close(): Promise<void>;
}

export interface CivicLineOptions {
  config: Config;
  databaseUri: string;
  logger: Logger;
  /** Folder holding locales/ and knowledge/: the project root. */
  contentRoot: string;
  /** How long close() waits for replies still being texted after their webhook answered (default 10 s). */
  lateReplyGraceMs?: number;
  /** How often due MMS photo copies are looked for (default every 30 s), and the first retry's delay (default 5 s). */
  photoCopyIntervalMs?: number;
  photoCopyRetryMs?: number;
}

/** The composition root: every part is built here once and handed to the parts that use it. */
export async function createCivicLine(options: CivicLineOptions): Promise<CivicLine> {
  const { config, databaseUri, contentRoot, lateReplyGraceMs = 10000, photoCopyIntervalMs = 30_000, photoCopyRetryMs } = options;
  const logger = phoneMaskingLogger(options.logger);
  const localesDir = path.join(contentRoot, 'locales');

  const i18n = await createI18n(localesDir, config.defaultLocale);
  const vocabularies = loadVocabularies(localesDir, listLocales(localesDir));
  const recognizer = new Recognizer(vocabularies, config.defaultLocale);
  const knowledge = new KnowledgeBase(config.defaultLocale, (locale) => recognizer.stopWords(locale)).load(path.join(contentRoot, 'knowledge'));
  // A malformed gazetteer stops start-up with the entry and the problem, before any report is misplaced.
  const gazetteer = Gazetteer.load(path.join(contentRoot, 'knowledge', 'gazetteer.json'));
  const places = new PlaceParser(gazetteer, loadPlaceVocabularies(localesDir, listLocales(localesDir)), config.defaultLocale);

  const database = await Database.connect(databaseUri);
  const { connection } = database;
  const lock = new DatabaseLock(connection);
  const cases = new CaseService(caseModel(connection), lock);
  const permits = new MongoPermitDirectory(connection);
  const storage = new MongoStorage(connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const languages = new Languages(i18n, config.defaultLocale, config.timeZone, listLocales(localesDir));
  const residentLanguage = new ResidentLanguage(userState.createProperty<ResidentProfile>('profile'), languages);
  const understander = new LegacyUnderstander(recognizer, places);
  const mainDialog = buildDialogs({
    conversationState,
    residentLanguage,
    understander,
    places,
    streets: new GazetteerStreetFacts(gazetteer),
    knowledge,
    vocabularies,
    fallbackLocale: config.defaultLocale,
    cases,
    permits,
    lookups: new AttemptLimiter(connection),
  });
  const bot = new CivicBot({
    conversationState,
    userState,
    dialog: mainDialog,
    residentLanguage,
    choices: new ChoiceMemory(conversationState.createProperty<Choice[]>('offeredChoices')),
    understander,
    languageSwitchConfidence: 0.8,
    idleLimitMs: config.conversationIdleMs,
  });

  const optOuts = new OptOutRegistry(connection);
  const receipts = new WebhookReceipts(connection, 'smsReceipts');
  const sms = new TwilioSmsAdapter({
    client: createTwilioClient(config.twilio),
    fromNumber: config.twilio.phoneNumber,
    optOuts,
    lock,
  });
  // Indexes (unique case numbers, MessageSid receipts) must exist before the first request.
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  if (config.seedSampleData) await permits.seed(samplePermits(new Date()));
  const onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(`Turn failed in conversation ${context.activity.conversation?.id}`, error); // numbers masked by the logger
    const { t } = bot.languageOf(context);
    if (isDatabaseUnavailable(error)) {
      await context.sendActivity(t('error.turn'));
      return;
    }
    // Anything else would fail again on the next message with the same state: start the conversation afresh.
    await conversationState.delete(context).catch((e: unknown) => logger.error('Could not reset the conversation', e));
    await context.sendActivity(t('error.restart'));
  };
  sms.onTurnError = onTurnError;

  const jobs = new PeriodicJobs(logger);
  const photoUrls = new PhotoUrls(config.publicBaseUrl);
  const photos = new GridFsPhotoStore(connection);
  const fetchMedia = twilioMediaFetcher(config.twilio);
  const mmsPhotos = new MmsPhotoCopier(connection, photos, photoUrls, fetchMedia, {
    retryBaseMs: photoCopyRetryMs,
    log: (message, error) => logger.error(message, error),
  });
  const copyPhotos = () => jobs.run('photo copies', () => mmsPhotos.copyDue());
  jobs.every(photoCopyIntervalMs, 'photo copies', () => mmsPhotos.copyDue());

  // Web chat: Direct Line served here, the bot in this process, all state in the database.
  const tokens = new DirectLineTokens(await directLineSecret(connection, config.webChat.secret), config.webChat.tokenLifetimeSeconds);
  const directLine = new DirectLineConversations(connection);
  const webChat = new DirectLineAdapter(directLine, lock, (stored) => forBot(stored, photoUrls));
  webChat.onTurnError = onTurnError;
  const rateLimits = webChatRateLimits(connection, {
    perIpPerMinute: config.webChat.ipLimitPerMinute,
    perConversationPerMinute: config.webChat.conversationLimitPerMinute,
  });
  jobs.every(60_000, 'rate limit sweep', () => rateLimits.sweep());
  const webTurns = new InFlightWork();
  const directLineService = new DirectLineService({
    tokens,
    conversations: directLine,
    adapter: webChat,
    photos,
    logic: (context) => bot.run(context),
    turns: webTurns,
    maxPhotoBytes: config.webChat.maxPhotoBytes,
    log: (message, error) => logger.error(message, error),
  });
  const streams = new DirectLineStreams({
    tokens,
    conversations: directLine,
    pollMs: config.webChat.streamPollMs,
    isAllowedOrigin: (origin, host) => isAllowedOrigin(origin, host, config.webChat.allowedOrigins, config.publicBaseUrl),
    publicBaseUrl: config.publicBaseUrl,
    trustProxy: Boolean(config.trustProxyHops),
    log: (message, error) => logger.error(message, error),
  });
  const cloudAdapter = createCloudAdapter(config.azureBot);
  cloudAdapter.onTurnError = onTurnError;

  const lateTurns = new InFlightWork();
  const app = httpApp(
    [
      smsWebhookRouter({
        adapter: sms,
        logic: (context) => bot.run(context),
        receipts,
        optOuts,
        authToken: config.twilio.authToken,
        publicBaseUrl: config.publicBaseUrl,
        replyBudgetMs: config.smsReplyBudgetMs,
        lateTurns,
        photoIntake: async (payload, attachments) => {
          const kept = await mmsPhotos.intake(payload.MessageSid, payload.From, attachments);
          if (kept.some((a, i) => a !== attachments[i])) copyPhotos(); // copied after the answer, not before
          return kept;
        },
        unavailableReply: () => i18n.t('error.unavailable'),
        log: (message, error) => logger.error(message, error),
      }),
      directLineRouter({
        service: directLineService,
        photos,
        cors: webChatCors(config.webChat.allowedOrigins, config.publicBaseUrl),
        ipLimit: rateLimits.perIp,
        conversationLimit: rateLimits.perConversation,
        maxPhotoBytes: config.webChat.maxPhotoBytes,
        publicBaseUrl: config.publicBaseUrl,
        trustProxy: Boolean(config.trustProxyHops),
        log: (message, error) => logger.error(message, error),
      }),
      webChatPageRouter({
        languages,
        webDir: path.join(contentRoot, 'web'),
        bundleFile: path.join(contentRoot, '.cache', 'webchat', 'webchat-minimal.js'),
      }),
      staffPhotoRouter({ staffTokens: config.staffTokens, photos, copier: mmsPhotos, fetchMedia }),
      botFrameworkRouter(cloudAdapter, lock, (context) => bot.run(context)),
    ],
    database,
    logger,
    config.trustProxyHops,
  );

  const attach = (server: Server) => {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!streams.handleUpgrade(req, socket, head)) socket.destroy();
    });
  };

  const close = async () => {
    // Replies of turns that overran the webhook are still being texted: they need the database until sent.
    if (!(await lateTurns.drain(lateReplyGraceMs))) logger.error(`Closing with ${lateTurns.size} late SMS replies still unsent`);
    if (!(await webTurns.drain(lateReplyGraceMs))) logger.error(`Closing with ${webTurns.size} web chat turns unfinished`);
    await jobs.stop();
    await database.close();
  };
  return { app, bot, sms, places, webChat, directLine, photos, mmsPhotos, cases, database, attach, closeLiveConnections: () => streams.closeAll(), close };
}
