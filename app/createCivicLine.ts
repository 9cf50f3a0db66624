import path from 'node:path';
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
import { httpApp } from './httpApp';
import { InFlightWork } from './InFlightWork';
import { Logger, phoneMaskingLogger } from './Logger';

export interface CivicLine {
  app: Express;
  bot: CivicBot;
  sms: TwilioSmsAdapter;
  /** Places in residents' words, checked against `knowledge/gazetteer.json`. */
  places: PlaceParser;
  cases: CaseService;
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
}

/** The composition root: every part is built here once and handed to the parts that use it. */
export async function createCivicLine(options: CivicLineOptions): Promise<CivicLine> {
  const { config, databaseUri, contentRoot, lateReplyGraceMs = 10000 } = options;
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
  sms.onTurnError = async (context: TurnContext, error: Error) => {
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
        log: (message, error) => logger.error(message, error),
      }),
    ],
    database,
    logger,
  );

  const close = async () => {
    // Replies of turns that overran the webhook are still being texted: they need the database until sent.
    if (!(await lateTurns.drain(lateReplyGraceMs))) logger.error(`Closing with ${lateTurns.size} late SMS replies still unsent`);
    await database.close();
  };
  return { app, bot, sms, places, cases, database, close };
}
