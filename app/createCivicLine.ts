import path from 'node:path';
import { ConversationState, TurnContext, UserState } from 'botbuilder';
import { Express } from 'express';
import { CivicBot } from '../bot/CivicBot';
import { CaseService } from '../cases/CaseService';
import { caseModel } from '../cases/CaseModel';
import { createTwilioClient } from '../channels/twilioClient';
import { OptOutRegistry } from '../channels/sms/OptOutRegistry';
import { SmsDeliveries } from '../channels/sms/SmsDeliveries';
import { SMS_CHANNEL_ID } from '../channels/sms/smsActivity';
import { SmsTransport } from '../channels/sms/SmsTransport';
import { smsWebhookRouter } from '../channels/sms/SmsWebhook';
import { TwilioSmsAdapter } from '../channels/sms/TwilioSmsAdapter';
import { WebhookReceipts } from '../channels/sms/WebhookReceipts';
import { Config } from '../config/config';
import { Database } from '../db/Database';
import { DatabaseStatus } from '../db/DatabaseStatus';
import { isTransientFailure } from '../db/transientFailure';
import { FaqDialog } from '../dialogs/FaqDialog';
import { MainDialog } from '../dialogs/MainDialog';
import { ReportDialog } from '../dialogs/ReportDialog';
import { ReportDraft } from '../dialogs/ReportDraft';
import { StatusDialog } from '../dialogs/StatusDialog';
import { createI18n, listLocales } from '../i18n/createI18n';
import { CaseNotifier } from '../notifications/CaseNotifier';
import { Outbox } from '../outbox/Outbox';
import { OutboxWorker } from '../outbox/OutboxWorker';
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
import { PeriodicTasks } from './PeriodicTasks';
import { RetentionJob } from './RetentionJob';

export interface CivicLine {
  app: Express;
  bot: CivicBot;
  sms: TwilioSmsAdapter;
  cases: CaseService;
  /** Everything sent outside a webhook's answer; other channels register their transport here. */
  outbox: Outbox;
  database: Database;
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
  /** Folder holding locales/ and knowledge/: the project root. */
  contentRoot: string;
  /** How long close() gives turns still running to queue their replies (default 2 s). */
  lateReplyGraceMs?: number;
  /** How long close() gives messages being sent to Twilio to finish (default 3 s). */
  sendGraceMs?: number;
  /** Outages as /healthz reports them; server.ts shares it with the embedded database's supervisor. */
  databaseStatus?: DatabaseStatus;
}

/** A turn answered late keeps being retried through an outage this long before the resident gets an apology. */
const LATE_TURN_LIMIT_MS = 2 * 60_000;

/** The composition root: every part is built here once and handed to the parts that use it. */
export async function createCivicLine(options: CivicLineOptions): Promise<CivicLine> {
  const { config, databaseUri, contentRoot, lateReplyGraceMs = 2000, sendGraceMs = 3000 } = options;
  const logger = phoneMaskingLogger(options.logger);
  const localesDir = path.join(contentRoot, 'locales');

  const i18n = await createI18n(localesDir, config.defaultLocale);
  const vocabularies = loadVocabularies(localesDir, listLocales(localesDir));
  const recognizer = new Recognizer(vocabularies, config.defaultLocale);
  const knowledge = new KnowledgeBase(config.defaultLocale, (locale) => recognizer.stopWords(locale)).load(path.join(contentRoot, 'knowledge'));

  const database = await Database.connect(databaseUri, options.databaseStatus);
  const { connection } = database;
  const lock = new DatabaseLock(connection);
  const log = (message: string, error?: unknown) => logger.error(message, error);

  const optOuts = new OptOutRegistry(connection);
  const outbox = new Outbox(connection, {
    [SMS_CHANNEL_ID]: new SmsTransport({ client: createTwilioClient(config.twilio), fromNumber: config.twilio.phoneNumber, optOuts }),
  });
  const outboxWorker = new OutboxWorker(outbox, connection, { log, sendTimeoutMs: config.twilio.timeoutMs });
  const notifier = new CaseNotifier(connection, { outbox, i18n, defaultLocale: config.defaultLocale, log });
  const cases = new CaseService(caseModel(connection), lock, () => new Date(), notifier);
  const permits = new MongoPermitDirectory(connection);
  const storage = new MongoStorage(connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const drafts = conversationState.createProperty<ReportDraft>('reportDraft');

  const mainDialog = new MainDialog(
    recognizer,
    new FaqDialog(recognizer, knowledge),
    new ReportDialog(recognizer, drafts, cases),
    new StatusDialog(recognizer, cases, permits),
  );
  const bot = new CivicBot({
    conversationState,
    userState,
    dialog: mainDialog,
    i18n,
    defaultLocale: config.defaultLocale,
    timeZone: config.timeZone,
    idleLimitMs: config.conversationIdleMs,
  });

  const receipts = new WebhookReceipts(connection, 'smsReceipts');
  const sms = new TwilioSmsAdapter({ outbox, lock });
  // Indexes (unique case numbers, MessageSid receipts) must exist before the first request.
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  if (config.seedSampleData) await permits.seed(samplePermits(new Date()));
  sms.onTurnError = async (context: TurnContext, error: Error) => {
    // I/O (database, lock, timeout): nothing was saved; the channel runs the turn again or says so honestly.
    if (isTransientFailure(error)) throw error;
    logger.error(`Turn failed in conversation ${context.activity.conversation?.id}`, error); // numbers masked by the logger
    // A fault in the bot's own state would fail again on the next message: start the conversation afresh.
    await bot.startOver(context);
  };

  const deliveriesInFlight = new InFlightWork();
  const deliveries = new SmsDeliveries({
    adapter: sms,
    logic: (context) => bot.run(context),
    receipts,
    optOuts,
    outbox,
    publicBaseUrl: config.publicBaseUrl,
    replyBudgetMs: config.smsReplyBudgetMs,
    lateLimitMs: LATE_TURN_LIMIT_MS,
    inFlight: deliveriesInFlight,
    unavailableReply: () => i18n.t('error.unavailable'),
    log,
  });
  const app = httpApp([smsWebhookRouter({ deliveries, authToken: config.twilio.authToken, publicBaseUrl: config.publicBaseUrl })], database, logger);

  const retention = new RetentionJob(
    connection,
    [
      { name: 'webhook receipts', ageMs: config.retention.receiptsMs, deleteBefore: (cutoff) => receipts.deleteBefore(cutoff) },
      { name: 'finished outbox messages', ageMs: config.retention.outboxMs, deleteBefore: (cutoff) => outbox.deleteFinishedBefore(cutoff) },
      { name: 'idle conversations', ageMs: config.retention.conversationsMs, deleteBefore: (cutoff) => storage.deleteIdleConversations(cutoff) },
      { name: 'stale locks', ageMs: config.retention.receiptsMs, deleteBefore: (cutoff) => lock.deleteStaleBefore(cutoff) },
      { name: 'outbox claims', ageMs: config.retention.outboxMs, deleteBefore: (cutoff) => outboxWorker.deleteClaimsBefore(cutoff) },
    ],
    config.retention.intervalMs,
    (message) => logger.info(message),
  );
  const tasks = new PeriodicTasks(log)
    .every('late SMS replies', 2000, () => deliveries.recoverLate())
    .every('status notices', 5000, () => notifier.sweep((number) => cases.findByNumber(number)))
    .every('retention', Math.min(config.retention.intervalMs, 60_000), () => retention.runOnce());
  outboxWorker.start();
  tasks.start();

  const close = async () => {
    deliveries.handOver();
    if (!(await deliveriesInFlight.drain(lateReplyGraceMs))) {
      logger.error(`Closing with ${deliveriesInFlight.size} SMS turns unfinished: their replies are sent by the next process`);
    }
    await tasks.stop(1000);
    if (!(await outboxWorker.stop(sendGraceMs))) logger.error('Closing with texts being sent: the next process tries them again');
    await database.close();
  };
  return { app, bot, sms, cases, outbox, database, close };
}
