import { ActivityTypes } from 'botbuilder';
import { Dialog, DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { HANDOFF_INITIATE_EVENT, HANDOFF_STATUS_EVENT, HandoffContext, HandoffStatus } from '../bot/events';
import { HANDOFF_DIALOG } from './dialogIds';

/**
 * Asks the channel to connect the resident to a person (an event the voice adapter turns into a call transfer)
 * and waits for the channel to say how it ended: 'completed' or 'failed'.
 */
export class HandoffDialog extends Dialog<HandoffContext> {
  constructor() {
    super(HANDOFF_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: HandoffContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity({ type: ActivityTypes.Event, name: HANDOFF_INITIATE_EVENT, value: options ?? { topic: '' } });
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { activity } = dc.context;
    if (activity.type === ActivityTypes.Event && activity.name === HANDOFF_STATUS_EVENT) {
      return dc.endDialog((activity.value as Partial<HandoffStatus> | undefined)?.state === 'completed' ? 'completed' : 'failed');
    }
    // Words while a transfer was expected: it did not happen.
    return activity.type === ActivityTypes.Message ? dc.endDialog('failed') : Dialog.EndOfTurn;
  }
}
