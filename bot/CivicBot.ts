import { ActivityHandler, ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { Dialog, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { capabilitiesOf } from '../channels/capabilities';
import { TurnLanguage, turnLanguage } from '../i18n/TurnLanguage';
import { photosIn } from '../dialogs/ReportDraft';
import { Understander } from '../understanding/Understanding';
import { setUnderstanding } from '../understanding/turnUnderstanding';
import { welcomeMessage } from '../dialogs/mainMenu';
import { refusedUploadsOf } from '../channels/refusedUploads';
import { RouteOptions } from '../dialogs/MainDialog';
import { HANDOFF_STATUS_EVENT, SHOW_MENU_EVENT } from './events';
import { ChoiceMemory } from './ChoiceMemory';
import { CommitGate, TurnAbandonedError } from './CommitGate';
import { TurnJournal } from './TurnJournal';
import { ResidentLanguage } from './ResidentLanguage';
import { NoticeReplies } from '../notifications/NoticeReplies';

export interface CivicBotOptions {
  conversationState: ConversationState;
  userState: UserState;
  dialog: Dialog;
  residentLanguage: ResidentLanguage;
  choices: ChoiceMemory;
  understander: Understander;
  /** A message detected in another language with at least this confidence switches the conversation to it. */
  languageSwitchConfidence: number;
  /** A dialog left waiting longer than this is dropped rather than fed an unrelated message weeks later. */
  idleLimitMs: number;
  /** Answers to what residents were sent outside a turn: the satisfaction question, "not fixed" after a closure. */
  noticeReplies?: NoticeReplies;
}

/** Enough to take a first message ("bonjour", "merci") as the resident's language when none is on record yet. */
const FIRST_LANGUAGE_CONFIDENCE = 0.2;

/** The event Web Chat's recommended welcome pattern sends once the page is connected. */
export const WEBCHAT_JOIN = 'webchat/join';

function joinLanguage(value: unknown): string | undefined {
  const language = (value as { language?: unknown } | undefined)?.language;
  return typeof language === 'string' ? language : undefined;
}

/** Channel-neutral bot: picks the resident's language, runs the dialogs and saves state after each turn. */
export class CivicBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly lastTurnAt: StatePropertyAccessor<string>;
  private readonly dialogs: DialogSet;
  private readonly journal: TurnJournal;

  constructor(private readonly options: CivicBotOptions) {
    super();
    this.journal = new TurnJournal(options.conversationState);
    this.dialogState = options.conversationState.createProperty<DialogState>('dialogState');
    this.lastTurnAt = options.conversationState.createProperty<string>('lastTurnAt');
    this.dialogs = new DialogSet(this.dialogState).add(options.dialog);

    this.onMessage(async (context, next) => {
      await options.residentLanguage.apply(context);
      options.choices.remember(context);
      // A score right after the satisfaction question answers it, before a "1" can be read as a menu choice.
      if (await options.noticeReplies?.answerSurvey(context, await this.lastTurn(context))) return next();
      // A "1" long after a menu refers to nothing: that menu is about to be dropped with its dialog.
      if (!(await this.idleTooLong(context))) await options.choices.resolve(context);
      await this.understand(context);
      const { t } = turnLanguage(context);
      // Files the channel could not keep (not a photo, too large) are explained before the rest is answered.
      for (const refused of refusedUploadsOf(context)) await context.sendActivity(t(`upload.${refused.reason}`, { limit: refused.limitMb }));
      const { text, attachments } = context.activity;
      if (!text?.trim() && photosIn(attachments).length === 0) {
        if (refusedUploadsOf(context).length > 0) return next();
        await context.sendActivity(t('fallback.empty'));
      } else if (!(await options.noticeReplies?.answerNotFixed(context))) {
        await this.runDialogs(context);
      }
      await next();
    });

    this.onEvent(async (context, next) => {
      const { name } = context.activity;
      if (name === WEBCHAT_JOIN) {
        // The web page joins with the browser's language: greet in it, with the main menu as buttons.
        await options.residentLanguage.apply(context);
        await options.residentLanguage.preferIfUnset(context, joinLanguage(context.activity.value));
        options.choices.remember(context);
        await context.sendActivity(welcomeMessage(turnLanguage(context).t));
      } else if (name === SHOW_MENU_EVENT || name === HANDOFF_STATUS_EVENT) {
        // A channel's own happenings: the caller asked for the menu, or a transfer to a person ended.
        await options.residentLanguage.apply(context);
        options.choices.remember(context);
        if (name === SHOW_MENU_EVENT) await this.showMenu(context);
        else await this.runDialogs(context);
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

  /**
   * Reads the message once for every dialog of the turn. A message clearly in another language the bot speaks
   * switches the conversation to it; a short or neutral one ("ok", "45 Elm St") never does.
   */
  private async understand(context: TurnContext): Promise<void> {
    const { understander, residentLanguage, languageSwitchConfidence } = this.options;
    const text = context.activity.text ?? '';
    const locale = turnLanguage(context).locale;
    let understanding = await understander.understand(text, { locale });
    // Until a resident's language is known, a "bonjour" is enough to answer in French; after that, only a clear message switches.
    const known = await residentLanguage.isKnown(context);
    const sure = understanding.languageConfidence >= (known ? languageSwitchConfidence : FIRST_LANGUAGE_CONFIDENCE);
    if (sure && (understanding.language !== locale || !known) && (await residentLanguage.switchTo(context, understanding.language))) {
      if (understanding.language !== locale) understanding = await understander.understand(text, { locale: understanding.language });
    }
    setUnderstanding(context, understanding);
  }

  private async runDialogs(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const idle = await this.idleTooLong(context);
    await this.lastTurnAt.set(context, new Date().toISOString());
    if (dc.activeDialog && idle) {
      await dc.cancelAllDialogs();
      await context.sendActivity(turnLanguage(context).t('expired.notice'));
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.options.dialog.id);
  }

  /** When the resident's last turn ran its dialogs (undefined: never). */
  private async lastTurn(context: TurnContext): Promise<Date | undefined> {
    const last = await this.lastTurnAt.get(context);
    return last === undefined ? undefined : new Date(last);
  }

  /** True when the resident's last turn was longer ago than the idle limit (what was under way is dropped). */
  private async idleTooLong(context: TurnContext): Promise<boolean> {
    const last = await this.lastTurnAt.get(context);
    return last !== undefined && Date.now() - Date.parse(last) > this.options.idleLimitMs;
  }

  private async showMenu(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    await this.lastTurnAt.set(context, new Date().toISOString());
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.options.dialog.id, { menu: true } satisfies RouteOptions);
  }

  /** The language already chosen for this turn, or the default when the turn failed before choosing. */
  languageOf(context: TurnContext): TurnLanguage {
    try {
      return turnLanguage(context);
    } catch {
      return this.options.residentLanguage.languages.turnLanguage(undefined, capabilitiesOf(context));
    }
  }
}
