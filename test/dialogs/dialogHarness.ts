import { Activity, ConversationState, StatePropertyAccessor, TestAdapter, TurnContext, UserState } from 'botbuilder';
import { ResidentLanguage } from '../../bot/ResidentLanguage';
import { ResidentProfile } from '../../bot/ResidentProfile';
import { Languages } from '../../i18n/Languages';
import { smsText } from '../../channels/sms/smsText';
import { Dialog, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { CaseService } from '../../cases/CaseService';
import { caseModel } from '../../cases/CaseModel';
import { Database } from '../../db/Database';
import { FaqDialog } from '../../dialogs/FaqDialog';
import { MainDialog } from '../../dialogs/MainDialog';
import { ReportDialog } from '../../dialogs/ReportDialog';
import { ReportDraft } from '../../dialogs/ReportDraft';
import { StatusDialog } from '../../dialogs/StatusDialog';
import { createI18n, listLocales } from '../../i18n/createI18n';
import { TurnLanguage, setTurnLanguage } from '../../i18n/TurnLanguage';
import { MongoPermitDirectory } from '../../permits/MongoPermitDirectory';
import { samplePermits } from '../../permits/samplePermits';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { MongoStorage } from '../../storage/MongoStorage';
import { KnowledgeBase } from '../../understanding/KnowledgeBase';
import { Recognizer } from '../../understanding/Recognizer';
import { loadVocabularies } from '../../understanding/Vocabulary';
import { testDatabaseUri } from '../support/database';
import { PROJECT_ROOT } from '../support/paths';
import twilio from 'twilio';
import { callbackModels } from '../../callbacks/callbackModels';
import { CallbackQueue } from '../../callbacks/CallbackQueue';
import { CallbackTexts } from '../../callbacks/CallbackTexts';
import { TextReachability } from '../../channels/texts/TextReachability';
import { OutgoingText, TextSender } from '../../channels/texts/TextSender';
import { CallbackDialog } from '../../dialogs/CallbackDialog';
import { CallbackSummary } from '../../dialogs/CallbackSummary';
import { PersonDialog } from '../../dialogs/PersonDialog';
import { OpeningHours } from '../../hours/OpeningHours';
import { ChoiceMemory } from '../../bot/ChoiceMemory';
import { Choice } from '../../dialogs/choices';

export type Expected = string | RegExp;
/** One turn: what the resident sends, and what each reply must contain (in order). */
export type TranscriptStep = [utterance: string, ...replies: Expected[]];
export interface Transcript {
  name: string;
  /** The dialog the transcript talks to: 'main' routes like the live bot does. */
  dialog: 'main' | 'faq' | 'report' | 'status' | 'person' | 'callback';
  options?: object;
  /** Phone number the resident texts from (their address for "my reports"). */
  from?: string;
  steps: TranscriptStep[];
}

/** The real dialogs with their real collaborators on a fresh database, speaking one locale. */
export class DialogHarness {
  private constructor(
    readonly database: Database,
    readonly cases: CaseService,
    readonly callbacks: CallbackQueue,
    /** Texts the dialogs sent (confirmations), in order. */
    readonly texts: OutgoingText[],
    private readonly dialogs: Record<Transcript['dialog'], Dialog>,
    private readonly conversationState: ConversationState,
    private readonly dialogState: StatePropertyAccessor<DialogState>,
    private readonly languageFor: (locale: string) => TurnLanguage,
    /** As in CivicBot: a number or the words of an offered option pick it. */
    private readonly choices: ChoiceMemory,
  ) {}

  static async create(label: string): Promise<DialogHarness> {
    const localesDir = path.join(PROJECT_ROOT, 'locales');
    const i18n = await createI18n(localesDir, 'en');
    const recognizer = new Recognizer(loadVocabularies(localesDir, listLocales(localesDir)), 'en');
    const knowledge = new KnowledgeBase('en', (l) => recognizer.stopWords(l)).load(path.join(PROJECT_ROOT, 'knowledge'));
    const database = await Database.connect(testDatabaseUri(label));
    const cases = new CaseService(caseModel(database.connection), new DatabaseLock(database.connection));
    const permits = new MongoPermitDirectory(database.connection);
    await Promise.all(Object.values(database.connection.models).map((m) => m.init()));
    await permits.seed(samplePermits(new Date()));
    const conversationState = new ConversationState(new MongoStorage(database.connection));
    const drafts = conversationState.createProperty<ReportDraft>('reportDraft');
    const faq = new FaqDialog(recognizer, knowledge);
    const report = new ReportDialog(recognizer, drafts, cases);
    const languages = new Languages(i18n, 'en', 'America/Toronto', listLocales(localesDir));
    // Always open, so transcripts read the same at any hour; the closed hours are tested over webhooks.
    const hours = OpeningHours.parse('Mon-Sun 00:00-24:00', 'America/Toronto');
    const callbacks = new CallbackQueue(callbackModels(database.connection), hours, { parallelCalls: 1, minutesPerCall: 10 });
    const texts: OutgoingText[] = [];
    const sender: TextSender = { send: async (text) => (texts.push(text), 'queued') };
    const reachability = new TextReachability({ client: twilio('AC' + '0'.repeat(32), 'unused-token'), connection: database.connection, useLookup: false, log: () => undefined });
    const callback = new CallbackDialog({ recognizer, queue: callbacks, texts: new CallbackTexts(sender, reachability, languages), cases, hours });
    const person = new PersonDialog({ recognizer, cases, hours, canTransfer: true });
    const status = new StatusDialog(recognizer, cases, permits, new CallbackSummary(callbacks));
    const residentLanguage = new ResidentLanguage(new UserState(new MongoStorage(database.connection)).createProperty<ResidentProfile>('profile'), languages);
    const main = new MainDialog(recognizer, faq, report, status, residentLanguage, person, callback);
    const languageFor = (locale: string) => languages.turnLanguage(locale);
    const dialogState = conversationState.createProperty<DialogState>('dialogState');
    const choices = new ChoiceMemory(conversationState.createProperty<Choice[]>('offeredChoices'));
    return new DialogHarness(database, cases, callbacks, texts, { main, faq, report, status, person, callback }, conversationState, dialogState, languageFor, choices);
  }

  /** A test channel running one dialog the way CivicBot does, in a conversation of its own. */
  adapter(transcript: Transcript, locale: string): TestAdapter {
    const from = transcript.from ?? '+12895559999';
    const dialog = this.dialogs[transcript.dialog];
    const dialogs = new DialogSet(this.dialogState).add(dialog);
    return new TestAdapter(
      async (context: TurnContext) => {
        setTurnLanguage(context, this.languageFor(locale));
        this.choices.remember(context);
        await this.choices.resolve(context);
        const dc = await dialogs.createContext(context);
        const result = await dc.continueDialog();
        if (result.status === DialogTurnStatus.empty) await dc.beginDialog(dialog.id, transcript.options);
        await this.conversationState.saveChanges(context);
      },
      {
        channelId: 'test',
        conversation: { id: randomUUID(), isGroup: false, conversationType: 'personal', name: '' },
        from: { id: from, name: from },
        recipient: { id: 'civicline', name: 'CivicLine' },
      },
    );
  }

  /** Plays a transcript; each bot reply is checked against the step's expectations in order. */
  async play(transcript: Transcript, locale: string): Promise<void> {
    const adapter = this.adapter(transcript, locale);
    for (const [utterance, ...expected] of transcript.steps) {
      await adapter.receiveActivity(utterance);
      for (const expectation of expected) {
        const reply = adapter.getNextReply() as Partial<Activity> | undefined;
        // Read as a texting resident reads it: offered choices become numbered lines.
        const text = reply ? smsText(reply) : undefined;
        if (text === undefined) throw new Error(`After "${utterance}" the bot said nothing, expected ${expectation}`);
        if (typeof expectation === 'string') expect(text).toContain(expectation);
        else expect(text).toMatch(expectation);
      }
      const extra = adapter.getNextReply() as Partial<Activity> | undefined;
      if (extra) throw new Error(`After "${utterance}" the bot also said: ${extra.text}`);
    }
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
