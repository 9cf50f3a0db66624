import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { turnLanguage } from '../i18n/TurnLanguage';
import { Recognizer } from '../understanding/Recognizer';
import { CHANGED_SUBJECT, FAQ_DIALOG, MAIN_DIALOG, REPORT_DIALOG, STATUS_DIALOG } from './dialogIds';
import { FaqDialog } from './FaqDialog';
import { ReportDialog } from './ReportDialog';
import { StatusDialog } from './StatusDialog';
import { photosIn } from './ReportDraft';

const STEPS = 'mainSteps';

/** The root: reads what the resident wants and starts the dialog for it. */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly recognizer: Recognizer,
    faq: FaqDialog,
    report: ReportDialog,
    status: StatusDialog,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(faq).addDialog(report).addDialog(status);
    this.addDialog(new WaterfallDialog(STEPS, [this.route.bind(this), this.afterRequest.bind(this)]));
    this.initialDialogId = STEPS;
  }

  /** The same message is routed again when it turned out to be a new request rather than an answer. */
  private async afterRequest(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.result === CHANGED_SUBJECT ? step.replaceDialog(STEPS) : step.endDialog();
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, locale } = turnLanguage(step.context);
    const text = step.context.activity.text ?? '';
    const understood = this.recognizer.recognize(text, locale);
    // A photo sent on its own is a report of what the photo shows.
    if (understood.intent === 'none' && photosIn(step.context.activity.attachments).length > 0) {
      return step.beginDialog(REPORT_DIALOG, { text });
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
      case 'restart':
      case 'greeting':
      case 'help':
      case 'none':
        await step.context.sendActivity(t('help.welcome'));
        return step.endDialog();
    }
  }
}
