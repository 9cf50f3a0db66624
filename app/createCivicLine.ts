import path from 'node:path';
import { BotAdapter, ConversationState, TurnContext, UserState } from 'botbuilder';
import { Express } from 'express';
import { ChoiceMemory } from '../bot/ChoiceMemory';
import { CivicBot } from '../bot/CivicBot';
import { ResidentLanguage } from '../bot/ResidentLanguage';
import { ResidentProfile } from '../bot/ResidentProfile';
import { Choice } from '../dialogs/choices';
import { Languages } from '../i18n/Languages';
import { CaseService } from '../cases/CaseService';
import { caseModel } from '../cases/CaseModel';
import { AgentRoster } from '../callbacks/AgentRoster';
import { CallbackDispatcher } from '../callbacks/CallbackDispatcher';
import { callbackModels } from '../callbacks/callbackModels';
import { CallbackQueue } from '../callbacks/CallbackQueue';
import { CallbackTexts } from '../callbacks/CallbackTexts';
import { SmsTextSender } from '../channels/texts/SmsTextSender';
import { TextReachability } from '../channels/texts/TextReachability';
import { createTwilioClient } from '../channels/twilioClient';
import { callbackCallRouter } from '../channels/voice/CallbackCallWebhook';
import { TwilioVoiceAdapter } from '../channels/voice/TwilioVoiceAdapter';
import { VoiceCaseTexts } from '../channels/voice/VoiceCaseTexts';
import { VoiceLanguages } from '../channels/voice/VoiceLanguages';
import { VoicePrompts } from '../channels/voice/VoicePrompts';
import { VoiceTurnRenderer } from '../channels/voice/VoiceTurnRenderer';
import { VoiceUrls } from '../channels/voice/voiceUrls';
import { speechHintsFrom } from '../channels/voice/speechHints';
import { voiceWebhookRouter } from '../channels/voice/VoiceWebhook';
import { InsertClaims } from '../db/InsertClaims';
import { CallbackDialog } from '../dialogs/CallbackDialog';
import { CallbackSummary } from '../dialogs/CallbackSummary';
import { PersonDialog } from '../dialogs/PersonDialog';
import { OpeningHours } from '../hours/OpeningHours';
import { staffRouter } from '../staff/staffRouter';
import { OptOutRegistry } from '../channels/sms/OptOutRegistry';
import { smsWebhookRouter } from '../channels/sms/SmsWebhook';
import { TwilioSmsAdapter } from '../channels/sms/TwilioSmsAdapter';
import { WebhookReceipts } from '../channels/sms/WebhookReceipts';
import { Config } from '../config/config';
import { Database } from '../db/Database';
import { isDatabaseUnavailable } from '../db/databaseUnavailable';
import { FaqDialog } from '../dialogs/FaqDialog';
import { MainDialog } from '../dialogs/MainDialog';
import { ReportDialog } from '../dialogs/ReportDialog';
import { ReportDraft } from '../dialogs/ReportDraft';
import { StatusDialog } from '../dialogs/StatusDialog';
import { createI18n, listLocales } from '../i18n/createI18n';
import { MongoPermitDirectory } from '../permits/MongoPermitDirectory';
import { samplePermits } from '../permits/samplePermits';
import { DatabaseLock } from '../storage/DatabaseLock';
import { MongoStorage } from '../storage/MongoStorage';
import { KnowledgeBase } from '../understanding/KnowledgeBase';
import { Recognizer } from '../understanding/Recognizer';
import { loadVocabularies } from '../understanding/Vocabulary';
import { httpApp } from './httpApp';
import { InFlightWork } from './InFlightWork';
import { Logger, phoneMaskingLogger } from './Logger';

export interface CivicLine {
  app: Express;
  bot: CivicBot;
  sms: TwilioSmsAdapter;
  voice: TwilioVoiceAdapter;
  cases: CaseService;
  callbacks: { queue: CallbackQueue; roster: AgentRoster; dispatcher: CallbackDispatcher };
  database: Database;
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
  /** The time, for opening hours and the call-back queue (default: the system clock). */
  clock?: () => Date;
}

/** The composition root: every part is built here once and handed to the parts that use it. */
export async function createCivicLine(options: CivicLineOptions): Promise<CivicLine> {
  const { config, databaseUri, contentRoot, lateReplyGraceMs = 10000, clock = () => new Date() } = options;
  const logger = phoneMaskingLogger(options.logger);
  const localesDir = path.join(contentRoot, 'locales');

  const i18n = await createI18n(localesDir, config.defaultLocale);
  const vocabularies = loadVocabularies(localesDir, listLocales(localesDir));
  const recognizer = new Recognizer(vocabularies, config.defaultLocale);
  const knowledge = new KnowledgeBase(config.defaultLocale, (locale) => recognizer.stopWords(locale)).load(path.join(contentRoot, 'knowledge'));

  const database = await Database.connect(databaseUri);
  const { connection } = database;
  const lock = new DatabaseLock(connection);
  const cases = new CaseService(caseModel(connection), lock);
  const permits = new MongoPermitDirectory(connection);
  const storage = new MongoStorage(connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const drafts = conversationState.createProperty<ReportDraft>('reportDraft');
  const languages = new Languages(i18n, config.defaultLocale, config.timeZone, listLocales(localesDir));
  const residentLanguage = new ResidentLanguage(userState.createProperty<ResidentProfile>('profile'), languages);
  const log = (message: string, error?: unknown) => logger.error(message, error);

  const twilioClient = createTwilioClient(config.twilio);
  const optOuts = new OptOutRegistry(connection);
  const sms = new TwilioSmsAdapter({ client: twilioClient, fromNumber: config.twilio.phoneNumber, optOuts, lock });
  // The outbox (issue 6) replaces this sender behind the same TextSender interface.
  const texts = new SmsTextSender({ deliver: (to, replies) => sms.deliver(to, replies), optOuts, keys: new InsertClaims(connection, 'textKeys'), log });
  const reachability = new TextReachability({ client: twilioClient, connection, useLookup: config.lookupLineType, log });

  const hours = OpeningHours.parse(config.openingHours, config.timeZone);
  const callbackData = callbackModels(connection);
  const callbackQueue = new CallbackQueue(callbackData, hours, config.callbacks, clock);
  const roster = new AgentRoster(callbackData, clock);
  const callbackTexts = new CallbackTexts(texts, reachability, languages, clock);
  const callbackDialog = new CallbackDialog({ recognizer, queue: callbackQueue, texts: callbackTexts, cases, hours, clock });
  const personDialog = new PersonDialog({ recognizer, cases, hours, canTransfer: Boolean(config.cityStaffNumber), clock });

  const mainDialog = new MainDialog(
    recognizer,
    new FaqDialog(recognizer, knowledge),
    new ReportDialog(recognizer, drafts, cases),
    new StatusDialog(recognizer, cases, permits, new CallbackSummary(callbackQueue, clock)),
    residentLanguage,
    personDialog,
    callbackDialog,
  );
  const bot = new CivicBot({
    conversationState,
    userState,
    dialog: mainDialog,
    residentLanguage,
    choices: new ChoiceMemory(conversationState.createProperty<Choice[]>('offeredChoices')),
    idleLimitMs: config.conversationIdleMs,
  });

  const receipts = new WebhookReceipts(connection, 'smsReceipts');
  const voice = new TwilioVoiceAdapter({ lock, text: (to, replies) => sms.deliver(to, replies), defaultLocale: config.defaultLocale });
  const voiceUrls = new VoiceUrls(config.publicBaseUrl);
  const renderer = new VoiceTurnRenderer({
    languages,
    voices: VoiceLanguages.load(),
    urls: voiceUrls,
    placeHints: speechHintsFrom(contentRoot),
    staffNumber: config.cityStaffNumber,
    staffLocale: config.defaultLocale,
    recordingsBaseUrl: config.voiceRecordingsBaseUrl,
  });
  const dispatcher = new CallbackDispatcher({
    models: callbackData,
    queue: callbackQueue,
    roster,
    hours,
    client: twilioClient,
    urls: { answer: (attempt) => voiceUrls.callbackAnswer(attempt), status: (attempt) => voiceUrls.callbackStatus(attempt) },
    texts: callbackTexts,
    settings: config.callbacks,
    clock,
    log,
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
  for (const adapter of [sms, voice] as BotAdapter[]) adapter.onTurnError = onTurnError;

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
        unavailableReply: () => i18n.t('error.unavailable'),
        log,
      }),
      voiceWebhookRouter({
        adapter: voice,
        logic: (context) => bot.run(context),
        renderer,
        prompts: new VoicePrompts(connection),
        receipts: new WebhookReceipts(connection, 'voiceReceipts'),
        caseTexts: new VoiceCaseTexts(cases, texts, reachability, languages),
        texts,
        reachability,
        authToken: config.twilio.authToken,
        publicBaseUrl: config.publicBaseUrl,
        defaultLocale: config.defaultLocale,
        log,
      }),
      callbackCallRouter({
        dispatcher,
        models: callbackData,
        renderer,
        urls: voiceUrls,
        callerId: config.callbacks.callerId,
        staffLocale: config.defaultLocale,
        authToken: config.twilio.authToken,
        publicBaseUrl: config.publicBaseUrl,
      }),
      staffRouter({ tokens: config.staffTokens, roster, queue: callbackQueue, onAgentAvailable: () => dispatcher.kick() }),
    ],
    database,
    logger,
  );

  dispatcher.start(config.callbacks.dispatchIntervalMs);

  const close = async () => {
    await dispatcher.stop();
    // Replies of turns that overran the webhook are still being texted: they need the database until sent.
    if (!(await lateTurns.drain(lateReplyGraceMs))) logger.error(`Closing with ${lateTurns.size} late SMS replies still unsent`);
    await database.close();
  };
  return { app, bot, sms, voice, cases, callbacks: { queue: callbackQueue, roster, dispatcher }, database, close };
}

