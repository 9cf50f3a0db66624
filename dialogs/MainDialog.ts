import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { turnLanguage } from '../i18n/TurnLanguage';
import { Recognizer } from '../understanding/Recognizer';
import { CALLBACK_DIALOG, CHANGED_SUBJECT, FAQ_DIALOG, MAIN_DIALOG, PERSON_DIALOG, REPORT_DIALOG, STATUS_DIALOG, isFollowUp } from './dialogIds';
import { CallbackDialog } from './CallbackDialog';
import { PersonDialog } from './PersonDialog';
import { FaqDialog } from './FaqDialog';
import { ReportDialog } from './ReportDialog';
import { StatusDialog } from './StatusDialog';
import { photosIn } from './ReportDraft';
import { chosenId, messageWithChoices } from './choices';
import { chosenLanguage, languageMenu, mainMenu, mainMenuItem } from './mainMenu';
import { ResidentLanguage } from '../bot/ResidentLanguage';

const STEPS = 'mainSteps';

/** Set when routing a kept question instead of the message that just arrived. */
export interface RouteOptions {
  text?: string;
  /** Offer the main menu whatever the message (the caller pressed star, or a call begins). */
  menu?: boolean;
}

/** The root: reads what the resident wants and starts the dialog for it. */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly recognizer: Recognizer,
    faq: FaqDialog,
    report: ReportDialog,
    status: StatusDialog,
    private readonly residentLanguage: ResidentLanguage,
    person: PersonDialog,
    callback: CallbackDialog,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(faq).addDialog(report).addDialog(status).addDialog(person).addDialog(callback);
    this.addDialog(new WaterfallDialog(STEPS, [this.route.bind(this), this.afterRequest.bind(this)]));
    this.initialDialogId = STEPS;
  }

  /** A message that was a new request rather than an answer, or a question kept for later, is routed next. */
  private async afterRequest(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === CHANGED_SUBJECT) return step.replaceDialog(STEPS);
    if (isFollowUp(step.result)) return step.replaceDialog(STEPS, { text: step.result.followUp } satisfies RouteOptions);
    return step.endDialog();
  }

  private async route(step: WaterfallStepContext<RouteOptions>): Promise<DialogTurnResult> {
    if (step.options?.menu) return this.welcome(step);
    const followUp = step.options?.text;
    if (followUp === undefined) {
      const picked = await this.routeChoice(step, chosenId(step.context.activity));
      if (picked) return picked;
    }
    const { t, locale } = turnLanguage(step.context);
    const text = followUp ?? step.context.activity.text ?? '';
    const understood = this.recognizer.recognize(text, locale);
    // A photo, alone or with a caption, is a report of what it shows unless the words ask for something else.
    const commands: string[] = ['status', 'help', 'cancel', 'restart'];
    const photos = followUp === undefined ? photosIn(step.context.activity.attachments) : [];
    if (photos.length > 0 && !commands.includes(understood.intent)) {
      return step.beginDialog(REPORT_DIALOG, { text });
    }
    // A stray "yes" or "ok" with nothing pending.
    if (this.recognizer.isYes(text, locale) || this.recognizer.isNo(text, locale)) {
      await step.context.sendActivity(t('acknowledge.reply'));
      return step.endDialog();
    }
    switch (understood.intent) {
      case 'report':
        return step.beginDialog(REPORT_DIALOG, { text });
      case 'status':
        return step.beginDialog(STATUS_DIALOG, { caseNumber: understood.caseNumber, permitNumber: understood.permitNumber });
      case 'question':
        return step.beginDialog(FAQ_DIALOG, { question: text });
      case 'cancel':
        await step.context.sendActivity(t('cancel.nothing'));
        return step.endDialog();
      case 'thanks':
        await step.context.sendActivity(t('thanks.reply'));
        return step.endDialog();
      case 'request_callback':
        return step.beginDialog(CALLBACK_DIALOG, { text });
      case 'talk_to_person':
        return step.beginDialog(PERSON_DIALOG, { text });
      case 'restart':
      case 'greeting':
      case 'help':
      case 'none':
        return this.welcome(step);
    }
  }

  private async welcome(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = turnLanguage(step.context);
    await step.context.sendActivity(messageWithChoices(t('help.welcome'), mainMenu(t)));
    return step.endDialog();
  }

  /** A button pressed, or a number or the words of an option typed back: what was offered decides. */
  private async routeChoice(step: WaterfallStepContext, choice: string | undefined): Promise<DialogTurnResult | undefined> {
    const locale = chosenLanguage(choice);
    if (locale && (await this.residentLanguage.switchTo(step.context, locale))) {
      await step.context.sendActivity(turnLanguage(step.context).t('language.switched'));
      return this.welcome(step);
    }
    const { t } = turnLanguage(step.context);
    switch (mainMenuItem(choice)) {
      case 'report':
        return step.beginDialog(REPORT_DIALOG, { text: '' });
      case 'status':
        return step.beginDialog(STATUS_DIALOG, {});
      case 'question':
        await step.context.sendActivity(t('faq.ask'));
        return step.endDialog();
      case 'callback':
        return step.beginDialog(CALLBACK_DIALOG, {});
      case 'person':
        return step.beginDialog(PERSON_DIALOG, {});
      case 'language':
        await step.context.sendActivity(messageWithChoices(t('language.choose'), languageMenu(this.residentLanguage.languages)));
        return step.endDialog();
      default:
        return undefined;
    }
  }
}
