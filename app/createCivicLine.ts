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
import { CaseGrouping } from '../cases/CaseGrouping';
import { GroupingIndex } from '../cases/GroupingIndex';
import { caseModel } from '../cases/CaseModel';
import { DirectLineAdapter } from '../channels/directline/DirectLineAdapter';
import { DirectLineConversations } from '../channels/directline/DirectLineConversations';
import { WEBCHAT_CHANNEL_ID } from '../channels/directline/DirectLineConversations';
import { DirectLineTransport } from '../channels/directline/DirectLineTransport';
import { OptOutRegistry } from '../channels/sms/OptOutRegistry';
import { SMS_CHANNEL_ID } from '../channels/sms/smsActivity';
import { SmsTransport } from '../channels/sms/SmsTransport';
import { TwilioSmsAdapter } from '../channels/sms/TwilioSmsAdapter';
import { OutboxTextSender } from '../channels/texts/OutboxTextSender';
import { KEEP_ANSWER_MS, TextReachability } from '../channels/texts/TextReachability';
import { VOICE_CHANNEL_ID } from '../channels/voice/voiceActivity';
import { createTwilioClient } from '../channels/twilioClient';
import { TwilioVoiceAdapter } from '../channels/voice/TwilioVoiceAdapter';
import { Config } from '../config/config';
import { Database } from '../db/Database';
import { DatabaseStatus } from '../db/DatabaseStatus';
import { isTransientFailure } from '../db/transientFailure';
import { Choice } from '../dialogs/choices';
import { OpeningHours } from '../hours/OpeningHours';
import { createI18n, listLocales } from '../i18n/createI18n';
import { Languages } from '../i18n/Languages';
import { CaseNotifier } from '../notifications/CaseNotifier';
import { HeldNotices } from '../notifications/HeldNotices';
import { NoticeDelivery } from '../notifications/NoticeDelivery';
import { NoticeReplies } from '../notifications/NoticeReplies';
import { QuietHours } from '../notifications/QuietHours';
import { SatisfactionStats } from '../notifications/SatisfactionStats';
import { SurveyInvitations } from '../notifications/SurveyInvitations';
import { PhraseList } from '../understanding/safety/PhraseList';
import { Outbox } from '../outbox/Outbox';
import { OutboxWorker } from '../outbox/OutboxWorker';
import { MongoPermitDirectory } from '../permits/MongoPermitDirectory';
import { PhotoStore } from '../photos/PhotoStore';
import { MmsPhotoCopier } from '../photos/MmsPhotoCopier';
import { StaffPhotoLinks } from '../photos/StaffPhotoLinks';
import { PhotoRetentionRule } from '../photos/PhotoRetention';
import { casePhotoUses } from '../cases/casePhotoUses';
import { samplePermits } from '../permits/samplePermits';
import { AttemptLedger } from '../storage/AttemptLedger';
import { NumberVerifications, VERIFIED_FOR_MS } from '../callbacks/NumberVerifications';
import { CALLBACK_LIMITS_WINDOW_MS } from '../dialogs/CallbackLimits';
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
import { buildForwarding, Forwarding } from './buildForwarding';
import { buildPhotos } from './buildPhotos';
import { buildSms } from './buildSms';
import { buildStaff } from './buildStaff';
import { buildCallbacks, buildVoice, Callbacks } from './buildVoice';
import { buildWebChat } from './buildWebChat';
import { httpApp } from './httpApp';
import { Logger, phoneMaskingLogger } from './Logger';
import { PeriodicTasks } from './PeriodicTasks';
import { RetentionJob } from './RetentionJob';

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
  /** Signed, expiring links to photos, for staff to open without a token. */
  staffPhotoLinks: StaffPhotoLinks;
  cases: CaseService;
  /** One problem, one case: finds the open case a new report belongs to, and files reports under a lock. */
  grouping: CaseGrouping;
  /** Everything sent outside the answer to a resident's own message, durably, once per key. */
  outbox: Outbox;
  /** Texts held in quiet hours (released each minute by every process), and satisfaction answers per queue. */
  notices: { held: HeldNotices; satisfaction: SatisfactionStats; releaseHeld(): Promise<number> };
  callbacks: Callbacks & { dispatcher: ReturnType<typeof buildVoice>['dispatcher'] };
  /** Cases of other bodies forwarded and followed up, crew leads texted: `forwarding.router.route(record)` after a category change. */
  forwarding: Forwarding;
  database: Database;
  /** Serves the Direct Line WebSocket stream on this HTTP server (its 'upgrade' requests). */
  attach(server: Server): void;
  /** At shutdown, first: closes open chat sockets (their clients reconnect, to another process if need be). */
  closeLiveConnections(): void;
  /**
   * Shutdown: deliveries in flight answer at once (their replies follow by text), late turns get a moment to queue
   * their replies, sends under way a moment to finish; whatever is left is picked up by the next process.
   */
  close(): Promise<void>;
}

export interface CivicLineOptions {
  config: Config;
  databaseUri: string;
  logger: Logger;
  /** Folder holding locales/, knowledge/ and web/: the project root. */
  contentRoot: string;
  /** How long close() gives turns still running to queue their replies (default 2 s). */
  lateReplyGraceMs?: number;
  /** How long close() gives messages being sent to Twilio to finish (default 3 s). */
  sendGraceMs?: number;
  /** Outages as /healthz reports them; server.ts shares it with the embedded database's supervisor. */
  databaseStatus?: DatabaseStatus;
  /** How often due MMS photo copies are looked for (default every 30 s), and the first retry's delay (default 5 s). */
  photoCopyIntervalMs?: number;
  photoCopyRetryMs?: number;
  /** The time, for opening hours and the call-back queue (default: the system clock). */
  clock?: () => Date;
}

/** The composition root: every part is built here once and handed to the parts that use it. */
export async function createCivicLine(options: CivicLineOptions): Promise<CivicLine> {
  const { config, databaseUri, contentRoot, lateReplyGraceMs = 2000, sendGraceMs = 3000, clock = () => new Date() } = options;
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
  const languages = new Languages(i18n, config.defaultLocale, config.timeZone, config.region, locales);
  const hours = OpeningHours.parse(config.openingHours, config.timeZone);

  const database = await Database.connect(databaseUri, options.databaseStatus);
  const { connection } = database;
  const lock = new DatabaseLock(connection);
  const twilioClient = createTwilioClient(config.twilio);
  const optOuts = new OptOutRegistry(connection);
  const outbox = new Outbox(connection, { [SMS_CHANNEL_ID]: new SmsTransport({ client: twilioClient, fromNumber: config.twilio.phoneNumber, optOuts }) });
  const outboxWorker = new OutboxWorker(outbox, connection, { log, sendTimeoutMs: config.twilio.timeoutMs });
  // A caller cannot be phoned with an update: voice reporters are texted theirs.
  const channelFor = (reporter: { channel: string }) => (reporter.channel === VOICE_CHANNEL_ID ? SMS_CHANNEL_ID : reporter.channel);
  // Texts wait out quiet hours in the database, combined per subscriber at release; web chat messages never wait.
  const surveys = new SurveyInvitations(connection);
  const satisfaction = new SatisfactionStats(connection);
  const held = new HeldNotices(connection, outbox, i18n, async (notices, result) => {
    const asked = [...notices].reverse().find((n) => n.survey);
    if (asked && result !== 'opted_out') await surveys.asked(asked.channel, asked.to, asked.caseNumber, clock());
  });
  const quietHours = QuietHours.parse(config.quietHours, config.timeZone);
  const delivery = new NoticeDelivery({ outbox, held, quietHours, surveys, textChannels: [SMS_CHANNEL_ID], clock });
  const notifier = new CaseNotifier(connection, { outbox, i18n, defaultLocale: config.defaultLocale, channelFor, places, log, delivery,
    // A landline cannot show a text: a caller's notices go only to a number that takes texts.
    canText: (phone) => reachability.canText(phone),
    // Notices are read, never heard (callers are texted theirs); a web chat reads its chat wording.
    wordingFor: (locale, channel) => languages.turnLanguage(locale, { speech: false, buttons: channel === WEBCHAT_CHANNEL_ID }).t,
  });
  const cases = new CaseService(caseModel(connection), lock, clock, notifier, notifier);
  const grouping = new CaseGrouping(cases, new GroupingIndex(connection), lock, config.caseGrouping);
  const permits = new MongoPermitDirectory(connection);
  const storage = new MongoStorage(connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const residentLanguage = new ResidentLanguage(userState.createProperty<ResidentProfile>('profile'), languages);
  const tasks = new PeriodicTasks(log);
  const notFixedPhrases = new Map([...vocabularies].map(([locale, words]) => [locale, new PhraseList(words.notFixed ?? [])]));
  const texts = new OutboxTextSender(outbox);
  const attempts = new AttemptLedger(connection, clock);
  const verifications = new NumberVerifications(connection, clock);
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
      attempts,
      verifications,
      callbacks,
      hours,
      canTransfer: Boolean(config.cityStaffNumber),
      clock,
      grouping,
    }),
    residentLanguage,
    choices: new ChoiceMemory(conversationState.createProperty<Choice[]>('offeredChoices')),
    understander,
    languageSwitchConfidence: LANGUAGE_SWITCH_CONFIDENCE,
    idleLimitMs: config.conversationIdleMs,
    noticeReplies: new NoticeReplies({
      cases,
      surveys,
      stats: satisfaction,
      notFixed: (locale) => notFixedPhrases.get(locale),
      clock,
    }),
  });
  const logic = (context: TurnContext) => bot.run(context);
  /**
   * Only a fault in the bot's own state resets a conversation. An I/O failure (database, lock, timeout) saved
   * nothing: on SMS the delivery runs the turn again or asks the resident to resend; elsewhere the resident is
   * asked to send it again, with their conversation as it was.
   */
  const turnErrors = (ioIsRetried: boolean) => async (context: TurnContext, error: Error) => {
    if (isTransientFailure(error)) {
      if (ioIsRetried) throw error;
      logger.error(`Turn failed on I/O in conversation ${context.activity.conversation?.id}`, error);
      await context.sendActivity(bot.languageOf(context).t('error.turn'));
      return;
    }
    logger.error(`Turn failed in conversation ${context.activity.conversation?.id}`, error); // numbers masked by the logger
    await bot.startOver(context);
  };
  const onTurnError = turnErrors(false);

  const photos = buildPhotos({ config, connection, tasks, logger, copyIntervalMs: options.photoCopyIntervalMs ?? 30_000, copyRetryMs: options.photoCopyRetryMs });
  const sms = buildSms({
    config,
    connection,
    lock,
    outbox,
    optOuts,
    photos,
    logger,
    logic,
    onTurnError: turnErrors(true),
    unavailableReply: () => i18n.t('error.unavailable'),
    turnFailedReply: () => i18n.t('error.turn'),
  });
  const web = await buildWebChat({
    config,
    connection,
    lock,
    languages,
    photos,
    tasks,
    logger,
    contentRoot,
    logic,
    onTurnError,
    webChatTurnError: turnErrors(true),
    turnFailed: async (context) => {
      await context.sendActivity(bot.languageOf(context).t('error.turn'));
    },
  });
  // Web chat reporters are on channel 'webchat': their notices are added to their conversation.
  outbox.register(WEBCHAT_CHANNEL_ID, new DirectLineTransport(web.conversations, web.unread));
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
    textReplies: (to, replies) => texts.sendReplies(to, replies),
    logic,
    // An I/O failure reaches the webhook, which runs the turn again or asks the caller to say it again.
    onTurnError: turnErrors(true),
  });

  const staff = buildStaff({ config, connection, tasks, logger, callbacks, photos, clock, onAgentAvailable: () => voice.dispatcher.kick(), cases });
  const forwarding = buildForwarding({
    config,
    connection,
    lock,
    cases,
    outbox,
    i18n,
    locales,
    places: gazetteer,
    photoUrls: photos.urls,
    photoLinks: staff.photoLinks,
    tasks,
    logger,
    contentRoot,
    clock,
  });

  // Indexes (unique case numbers, MessageSid receipts) must exist before the first request.
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  if (config.seedSampleData) await permits.seed(samplePermits(new Date()));

  const app = httpApp([sms.router, ...web.routers, ...voice.routers, ...staff.routers, ...forwarding.routers], database, logger, { trustProxy: config.trustProxy, staffTokens: config.staffTokens });

  const photoRetention = new PhotoRetentionRule(photos.store, photos.urls, casePhotoUses(caseModel(connection)), config.retention.photos);
  const retention = new RetentionJob(
    connection,
    [
      { name: 'webhook receipts', ageMs: config.retention.receiptsMs, deleteBefore: (cutoff) => sms.receipts.deleteBefore(cutoff) },
      { name: 'call webhook receipts', ageMs: config.retention.receiptsMs, deleteBefore: (cutoff) => voice.receipts.deleteBefore(cutoff) },
      { name: 'call prompts', ageMs: config.retention.receiptsMs, deleteBefore: (cutoff) => voice.prompts.deleteBefore(cutoff) },
      { name: 'finished outbox messages', ageMs: config.retention.outboxMs, deleteBefore: (cutoff) => outbox.deleteFinishedBefore(cutoff) },
      { name: 'idle conversations', ageMs: config.retention.conversationsMs, deleteBefore: (cutoff) => storage.deleteIdleConversations(cutoff) },
      { name: 'stale locks', ageMs: config.retention.receiptsMs, deleteBefore: (cutoff) => lock.deleteStaleBefore(cutoff) },
      { name: 'web chat message ids', ageMs: config.retention.receiptsMs, deleteBefore: (cutoff) => web.clientIds.deleteBefore(cutoff) },
      { name: 'web chat takeover claims', ageMs: config.retention.receiptsMs, deleteBefore: (cutoff) => web.owed.deleteClaimsBefore(cutoff) },
      { name: 'outbox claims', ageMs: config.retention.outboxMs, deleteBefore: (cutoff) => outboxWorker.deleteClaimsBefore(cutoff) },
      { name: 'photo copy claims', ageMs: config.retention.outboxMs, deleteBefore: (cutoff) => photos.mms.deleteClaimsBefore(cutoff) },
      // Keys idle for a whole window would allow everything anyway: deleting them changes no answer.
      // Attempts older than the longest window (a day, for codes and call-backs) no longer count anywhere.
      { name: 'look-up and call-back counts', ageMs: CALLBACK_LIMITS_WINDOW_MS, deleteBefore: (cutoff) => attempts.deleteBefore(cutoff) },
      { name: 'number verifications', ageMs: VERIFIED_FOR_MS, deleteBefore: (cutoff) => verifications.deleteIdleBefore(cutoff) },
      { name: 'unread web notices', ageMs: config.retention.conversationsMs, deleteBefore: (cutoff) => web.unread.deleteBefore(cutoff) },
      { name: 'released quiet-hours notices', ageMs: config.retention.outboxMs, deleteBefore: (cutoff) => held.deleteReleasedBefore(cutoff) },
      { name: 'quiet-hours release claims', ageMs: config.retention.outboxMs, deleteBefore: (cutoff) => held.deleteClaimsBefore(cutoff) },
      { name: 'phone line types', ageMs: KEEP_ANSWER_MS, deleteBefore: (cutoff) => reachability.deleteCheckedBefore(cutoff) },
      { name: 'photos no case needs', ageMs: photoRetention.ageMs, deleteBefore: (cutoff) => photoRetention.deleteBefore(cutoff) },
      // An upload cut off by a stopped process leaves chunks without a file; an hour is longer than any upload.
      { name: 'abandoned photo uploads', ageMs: 60 * 60_000, deleteBefore: (cutoff) => photos.store.deleteAbandonedBefore(cutoff) },
      { name: 'idle web resident keys', ageMs: config.webChat.residentKeyIdleMs, deleteBefore: web.retention.deleteIdleResidentKeys },
      { name: 'retired web chat tokens', ageMs: 0, deleteBefore: web.retention.deleteExpiredTokenRecords },
    ],
    config.retention.intervalMs,
    (message) => logger.info(message),
  );
  tasks
    .every('late SMS replies', 2000, () => sms.deliveries.recoverLate())
    .every('status notices', 5000, () => notifier.sweep((number) => cases.findByNumber(number)))
    .every('quiet-hours notices', 30_000, () => held.release(clock()))
    .every('retention', Math.min(config.retention.intervalMs, 60_000), () => retention.runOnce());
  outboxWorker.start();
  tasks.start();
  voice.dispatcher.start(config.callbacks.dispatchIntervalMs);

  const close = async () => {
    sms.deliveries.handOver();
    await voice.dispatcher.stop();
    if (!(await sms.inFlight.drain(lateReplyGraceMs))) {
      logger.error(`Closing with ${sms.inFlight.size} SMS turns unfinished: their replies are sent by the next process`);
    }
    if (!(await web.turns.drain(lateReplyGraceMs))) logger.error(`Closing with ${web.turns.size} web chat turns unfinished`);
    await tasks.stop(1000);
    if (!(await outboxWorker.stop(sendGraceMs))) logger.error('Closing with texts being sent: the next process tries them again');
    await database.close();
  };
  return {
    app,
    bot,
    sms: sms.adapter,
    voice: voice.adapter,
    places,
    webChat: web.adapter,
    directLine: web.conversations,
    photos: photos.store,
    mmsPhotos: photos.mms,
    staffPhotoLinks: staff.photoLinks,
    cases,
    grouping,
    outbox,
    notices: { held, satisfaction, releaseHeld: () => held.release(clock()) },
    callbacks: { ...callbacks, dispatcher: voice.dispatcher },
    forwarding,
    database,
    attach: web.attach,
    closeLiveConnections: web.closeLiveConnections,
    close,
  };
}
