import path from 'node:path';
import { Server } from 'node:http';
import { ConversationState, TurnContext, UserState } from 'botbuilder';
import { Express } from 'express';
import { ChoiceMemory } from '../bot/ChoiceMemory';
import { CivicBot } from '../bot/CivicBot';
import { ResidentLanguage } from '../bot/ResidentLanguage';
import { ResidentProfile } from '../bot/ResidentProfile';
import { callbackModels } from '../callbacks/callbackModels';
import { CaseService } from '../cases/CaseService';
import { caseModel } from '../cases/CaseModel';
import { DirectLineAdapter } from '../channels/directline/DirectLineAdapter';
import { DirectLineConversations } from '../channels/directline/DirectLineConversations';
import { OptOutRegistry } from '../channels/sms/OptOutRegistry';
import { smsWebhookRouter } from '../channels/sms/SmsWebhook';
import { TwilioSmsAdapter } from '../channels/sms/TwilioSmsAdapter';
import { WebhookReceipts } from '../channels/sms/WebhookReceipts';
import { SmsTextSender } from '../channels/texts/SmsTextSender';
import { TextReachability } from '../channels/texts/TextReachability';
import { createTwilioClient } from '../channels/twilioClient';
import { TwilioVoiceAdapter } from '../channels/voice/TwilioVoiceAdapter';
import { Config } from '../config/config';
import { Database } from '../db/Database';
import { isDatabaseUnavailable } from '../db/databaseUnavailable';
import { InsertClaims } from '../db/InsertClaims';
import { Choice } from '../dialogs/choices';
import { OpeningHours } from '../hours/OpeningHours';
import { createI18n, listLocales } from '../i18n/createI18n';
import { Languages } from '../i18n/Languages';
import { MongoPermitDirectory } from '../permits/MongoPermitDirectory';
import { PhotoStore } from '../photos/PhotoStore';
import { MmsPhotoCopier } from '../photos/MmsPhotoCopier';
import { samplePermits } from '../permits/samplePermits';
import { AttemptLimiter } from '../storage/AttemptLimiter';
import { DatabaseLock } from '../storage/DatabaseLock';
import { MongoStorage } from '../storage/MongoStorage';
import { KnowledgeBase } from '../understanding/KnowledgeBase';
import { createUnderstander } from '../understanding/createUnderstander';
import { LANGUAGE_SWITCH_CONFIDENCE } from '../understanding/language/LanguageDetector';
import { Gazetteer } from '../understanding/places/Gazetteer';
import { GazetteerStreetFacts } from '../understanding/places/GazetteerStreetFacts';
import { PlaceParser } from '../understanding/places/PlaceParser';
import { loadPlaceVocabularies } from '../understanding/places/PlaceVocabulary';
import { loadVocabularies } from '../understanding/Vocabulary';
import { buildDialogs } from './buildDialogs';
import { buildPhotos } from './buildPhotos';
import { buildCallbacks, buildVoice, Callbacks } from './buildVoice';
import { buildWebChat } from './buildWebChat';
import { httpApp } from './httpApp';
import { InFlightWork } from './InFlightWork';
import { Logger, phoneMaskingLogger } from './Logger';
import { PeriodicJobs } from './PeriodicJobs';

export interface CivicLine {
  app: Express;
  bot: CivicBot;
  sms: TwilioSmsAdapter;
  voice: TwilioVoiceAdapter;
  /** Places in residents' words, checked against `knowledge/gazetteer.json`. */
  places: PlaceParser;
  /** Web chat: the adapter for proactive turns, and the conversations (appendBotActivity for notifications). */
  webChat: DirectLineAdapter;
  directLine: DirectLineConversations;
  photos: PhotoStore;
  mmsPhotos: MmsPhotoCopier;
  cases: CaseService;
  callbacks: Callbacks & { dispatcher: ReturnType<typeof buildVoice>['dispatcher'] };
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
  /** Folder holding locales/, knowledge/ and web/: the project root. */
  contentRoot: string;
  /** How long close() waits for replies still being texted after their webhook answered (default 10 s). */
  lateReplyGraceMs?: number;
  /** How often due MMS photo copies are looked for (default every 30 s), and the first retry's delay (default 5 s). */
  photoCopyIntervalMs?: number;
  photoCopyRetryMs?: number;
  /** The time, for opening hours and the call-back queue (default: the system clock). */
  clock?: () => Date;
}

/** The composition root: every part is built here once and handed to the parts that use it. */
export async function createCivicLine(options: CivicLineOptions): Promise<CivicLine> {
  const { config, databaseUri, contentRoot, lateReplyGraceMs = 10000, clock = () => new Date() } = options;
  const logger = phoneMaskingLogger(options.logger);
  const log = (message: string, error?: unknown) => logger.error(message, error);
  const localesDir = path.join(contentRoot, 'locales');
  const locales = listLocales(localesDir);

  // Content, read once at start-up: a malformed file stops start-up with its name and the problem.
  const i18n = await createI18n(localesDir, config.defaultLocale);
  const vocabularies = loadVocabularies(localesDir, locales);
  const stopWords = (locale: string) => (vocabularies.get(locale) ?? vocabularies.get(config.defaultLocale))?.stopWords ?? [];
  const knowledge = new KnowledgeBase(config.defaultLocale, stopWords).load(path.join(contentRoot, 'knowledge'));
  const gazetteer = Gazetteer.load(path.join(contentRoot, 'knowledge', 'gazetteer.json'));
  const places = new PlaceParser(gazetteer, loadPlaceVocabularies(localesDir, locales), config.defaultLocale);
  const languages = new Languages(i18n, config.defaultLocale, config.timeZone, locales);
  const hours = OpeningHours.parse(config.openingHours, config.timeZone);

  const database = await Database.connect(databaseUri);
  const { connection } = database;
  const lock = new DatabaseLock(connection);
  const cases = new CaseService(caseModel(connection), lock);
  const permits = new MongoPermitDirectory(connection);
  const storage = new MongoStorage(connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const residentLanguage = new ResidentLanguage(userState.createProperty<ResidentProfile>('profile'), languages);
  const jobs = new PeriodicJobs(logger);

  const twilioClient = createTwilioClient(config.twilio);
  const optOuts = new OptOutRegistry(connection);
  const sms = new TwilioSmsAdapter({ client: twilioClient, fromNumber: config.twilio.phoneNumber, optOuts, lock });
  const texts = new SmsTextSender({ deliver: (to, replies) => sms.deliver(to, replies), optOuts, keys: new InsertClaims(connection, 'textKeys'), log });
  const reachability = new TextReachability({ client: twilioClient, connection, useLookup: config.lookupLineType, log });
  const callbackData = callbackModels(connection);
  const callbacks = buildCallbacks({ config, callbackData, hours, texts, reachability, languages, clock });

  const understander = createUnderstander({
    contentRoot,
    fallbackLocale: config.defaultLocale,
    azureLanguage: config.azureLanguage,
    places,
    log: (message, error) => (error === undefined ? logger.info(message) : logger.error(message, error)),
  });
  const bot = new CivicBot({
    conversationState,
    userState,
    dialog: buildDialogs({
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
      callbacks,
      hours,
      canTransfer: Boolean(config.cityStaffNumber),
      clock,
    }),
    residentLanguage,
    choices: new ChoiceMemory(conversationState.createProperty<Choice[]>('offeredChoices')),
    understander,
    languageSwitchConfidence: LANGUAGE_SWITCH_CONFIDENCE,
    idleLimitMs: config.conversationIdleMs,
  });
  const logic = (context: TurnContext) => bot.run(context);
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

  const photos = buildPhotos({ config, connection, jobs, logger, copyIntervalMs: options.photoCopyIntervalMs ?? 30_000, copyRetryMs: options.photoCopyRetryMs });
  const web = await buildWebChat({ config, connection, lock, languages, photos, jobs, logger, contentRoot, logic, onTurnError });
  const voice = buildVoice({
    config,
    connection,
    lock,
    client: twilioClient,
    languages,
    callbacks,
    callbackData,
    hours,
    cases,
    texts,
    reachability,
    contentRoot,
    clock,
    logger,
    textReplies: (to, replies) => sms.deliver(to, replies),
    logic,
    onTurnError,
  });

  // Indexes (unique case numbers, MessageSid receipts) must exist before the first request.
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  if (config.seedSampleData) await permits.seed(samplePermits(new Date()));

  const lateTurns = new InFlightWork();
  const app = httpApp(
    [
      smsWebhookRouter({
        adapter: sms,
        logic,
        receipts: new WebhookReceipts(connection, 'smsReceipts'),
        optOuts,
        authToken: config.twilio.authToken,
        publicBaseUrl: config.publicBaseUrl,
        replyBudgetMs: config.smsReplyBudgetMs,
        lateTurns,
        photoIntake: async (payload, attachments) => {
          const kept = await photos.mms.intake(payload.MessageSid, payload.From, attachments);
          if (kept.some((a, i) => a !== attachments[i])) photos.copySoon(); // copied after the answer, not before
          return kept;
        },
        unavailableReply: () => i18n.t('error.unavailable'),
        log,
      }),
      ...web.routers,
      ...voice.routers,
    ],
    database,
    logger,
    config.trustProxyHops,
  );
  voice.dispatcher.start(config.callbacks.dispatchIntervalMs);

  const close = async () => {
    await voice.dispatcher.stop();
    // Replies of turns that overran the webhook are still being texted: they need the database until sent.
    if (!(await lateTurns.drain(lateReplyGraceMs))) logger.error(`Closing with ${lateTurns.size} late SMS replies still unsent`);
    if (!(await web.turns.drain(lateReplyGraceMs))) logger.error(`Closing with ${web.turns.size} web chat turns unfinished`);
    await jobs.stop();
    await database.close();
  };
  return {
    app,
    bot,
    sms,
    voice: voice.adapter,
    places,
    webChat: web.adapter,
    directLine: web.conversations,
    photos: photos.store,
    mmsPhotos: photos.mms,
    cases,
    callbacks: { ...callbacks, dispatcher: voice.dispatcher },
    database,
    attach: web.attach,
    closeLiveConnections: web.closeLiveConnections,
    close,
  };
}
