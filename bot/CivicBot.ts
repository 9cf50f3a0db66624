import { ActivityHandler, ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { Dialog, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { i18n } from 'i18next';
import { TurnLanguage, setTurnLanguage, turnLanguage } from '../i18n/TurnLanguage';
import { ResidentProfile } from './ResidentProfile';
import { photosIn } from '../dialogs/ReportDraft';
import { CommitGate, TurnAbandonedError } from './CommitGate';
import { TurnJournal } from './TurnJournal';

export interface CivicBotOptions {
  conversationState: ConversationState;
  userState: UserState;
  dialog: Dialog;
  i18n: i18n;
  defaultLocale: string;
  timeZone: string;
  /** A dialog left waiting longer than this is dropped rather than fed an unrelated message weeks later. */
  idleLimitMs: number;
}

/** Channel-neutral bot: picks the resident's language, runs the dialogs and saves state (and answer) after each turn. */
export class CivicBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly profiles: StatePropertyAccessor<ResidentProfile>;
  private readonly lastTurnAt: StatePropertyAccessor<string>;
  private readonly dialogs: DialogSet;
  private readonly journal: TurnJournal;

  constructor(private readonly options: CivicBotOptions) {
    super();
    this.dialogState = options.conversationState.createProperty<DialogState>('dialogState');
    this.profiles = options.userState.createProperty<ResidentProfile>('profile');
    this.lastTurnAt = options.conversationState.createProperty<string>('lastTurnAt');
    this.dialogs = new DialogSet(this.dialogState).add(options.dialog);
    this.journal = new TurnJournal(options.conversationState);

    this.onMessage(async (context, next) => {
      await this.useResidentLanguage(context);
      const { text, attachments } = context.activity;
      if (!text?.trim() && photosIn(attachments).length === 0) {
        await context.sendActivity(turnLanguage(context).t('fallback.empty'));
      } else {
        await this.runDialogs(context);
      }
      await next();
    });
  }

  /**
   * One turn, applied once: a message handled before (a channel's retry) gets its recorded answer; otherwise the
   * dialogs run and their state is saved with the answer. An I/O failure propagates with nothing saved, so the turn
   * can run again from the state before it.
   */
  override async run(context: TurnContext): Promise<void> {
    if (await this.journal.replay(context)) return;
    this.journal.record(context);
    await super.run(context);
    await this.commit(context);
  }

  /**
   * After a fault in the bot's own state (not I/O): what the failed turn said is dropped, the conversation starts
   * afresh and the resident is told so, and that is saved as this turn's outcome.
   */
  async startOver(context: TurnContext): Promise<void> {
    context.bufferedReplyActivities.length = 0;
    this.journal.record(context);
    await this.options.conversationState.clear(context);
    await context.sendActivity(this.languageOf(context).t('error.restart'));
    await this.commit(context);
  }

  /**
   * The profile first (redoing the turn would set it the same way again), the conversation state last: that one
   * document holds the dialog state and the answer (journal), so its write is the turn's commit.
   */
  private async commit(context: TurnContext): Promise<void> {
    await this.journal.seal(context);
    await this.options.userState.saveChanges(context, false);
    if (CommitGate.of(context)?.beginCommit() === false) throw new TurnAbandonedError();
    await this.options.conversationState.saveChanges(context, false);
  }

  private async runDialogs(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const last = await this.lastTurnAt.get(context);
    await this.lastTurnAt.set(context, new Date().toISOString());
    if (dc.activeDialog && last && Date.now() - Date.parse(last) > this.options.idleLimitMs) {
      await dc.cancelAllDialogs();
      await context.sendActivity(turnLanguage(context).t('expired.notice'));
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.options.dialog.id);
  }

  private languageFor(locale?: string): TurnLanguage {
    const chosen = locale ?? this.options.defaultLocale;
    return new TurnLanguage(chosen, this.options.i18n.getFixedT(chosen), this.options.timeZone);
  }

  /** The language already chosen for this turn, or the default when the turn failed before choosing. */
  languageOf(context: TurnContext): TurnLanguage {
    try {
      return turnLanguage(context);
    } catch {
      return this.languageFor();
    }
  }

  private async useResidentLanguage(context: TurnContext): Promise<void> {
    const profile = await this.profiles.get(context, {});
    const language = this.languageFor(profile.locale);
    setTurnLanguage(context, language);
  }
}
