import { ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import { Recognizer } from '../understanding/Recognizer';
import { turnLanguage } from '../i18n/TurnLanguage';
import { countWords } from '../understanding/text';
import { CHANGED_SUBJECT } from './dialogIds';

const PERSON_INTERRUPT_MAX_WORDS = 6;

/**
 * Help, cancel and start over work inside every dialog that extends this one, so a resident is never stuck
 * in a question they cannot answer.
 */
export abstract class CancelAndHelpDialog extends ComponentDialog {
  /** "Call me back" / "talk to a person" leave this dialog for the dialogs that handle them (not those dialogs themselves). */
  protected readonly handsOverPersonRequests: boolean = true;

  constructor(
    id: string,
    protected readonly recognizer: Recognizer,
  ) {
    super(id);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    if (activity.type !== ActivityTypes.Message || !activity.text) return undefined;
    const { t, locale } = turnLanguage(innerDc.context);
    const { intent } = this.recognizer.recognize(activity.text, locale);
    switch (intent) {
      case 'help':
        await innerDc.context.sendActivity(t('help.inDialog'));
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'cancel':
        await innerDc.context.sendActivity(t('cancel.done'));
        return innerDc.cancelAllDialogs();
      case 'restart':
        await innerDc.context.sendActivity(t('restart.done'));
        return innerDc.cancelAllDialogs();
      case 'request_callback':
      case 'talk_to_person':
        // Only a short request leaves a dialog: "…and call me when it's fixed" in a description stays a description.
        if (!this.handsOverPersonRequests || countWords(activity.text) > PERSON_INTERRUPT_MAX_WORDS) return undefined;
        // Ends this dialog with the message handed back: the main dialog routes it to a person.
        await innerDc.cancelAllDialogs();
        return { status: DialogTurnStatus.complete, result: CHANGED_SUBJECT };
      default:
        return undefined;
    }
  }
}
