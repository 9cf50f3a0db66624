import { ActivityHandler, ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { Dialog, DialogSet, DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { capabilitiesOf } from '../channels/capabilities';
import { TurnLanguage, turnLanguage } from '../i18n/TurnLanguage';
import { photosIn } from '../dialogs/ReportDraft';
import { RouteOptions } from '../dialogs/MainDialog';
import { HANDOFF_STATUS_EVENT, SHOW_MENU_EVENT } from './events';
import { ChoiceMemory } from './ChoiceMemory';
import { ResidentLanguage } from './ResidentLanguage';

export interface CivicBotOptions {
  conversationState: ConversationState;
  userState: UserState;
  dialog: Dialog;
  residentLanguage: ResidentLanguage;
  choices: ChoiceMemory;
  /** A dialog left waiting longer than this is dropped rather than fed an unrelated message weeks later. */
  idleLimitMs: number;
}

/** Channel-neutral bot: picks the resident's language, runs the dialogs and saves state after each turn. */
export class CivicBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly lastTurnAt: StatePropertyAccessor<string>;
  private readonly dialogs: DialogSet;

  constructor(private readonly options: CivicBotOptions) {
    super();
    this.dialogState = options.conversationState.createProperty<DialogState>('dialogState');
    this.lastTurnAt = options.conversationState.createProperty<string>('lastTurnAt');
    this.dialogs = new DialogSet(this.dialogState).add(options.dialog);

    this.onMessage(async (context, next) => {
      await options.residentLanguage.apply(context);
      options.choices.remember(context);
      await options.choices.resolve(context);
      const { text, attachments } = context.activity;
      if (!text?.trim() && photosIn(attachments).length === 0) {
        await context.sendActivity(turnLanguage(context).t('fallback.empty'));
      } else {
        await this.runDialogs(context);
      }
      await next();
    });

    // A channel's own happenings: the caller asked for the menu, or a transfer to a person ended.
    this.onEvent(async (context, next) => {
      const { name } = context.activity;
      if (name === SHOW_MENU_EVENT || name === HANDOFF_STATUS_EVENT) {
        await options.residentLanguage.apply(context);
        options.choices.remember(context);
        if (name === SHOW_MENU_EVENT) await this.showMenu(context);
        else await this.runDialogs(context);
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.options.conversationState.saveChanges(context, false);
    await this.options.userState.saveChanges(context, false);
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
