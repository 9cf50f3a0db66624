import { DialogContext } from 'botbuilder-dialogs';
import { Understanding } from '../understanding/Understanding';
import { InterruptibleDialog } from './InterruptibleDialog';

/**
 * The dialogs that put a resident in touch with a person. Asking for a person here is what they are doing, not a
 * change of subject; and "when?", "about what?", "which number?" take any words as the answer, unless the
 * resident asks for help or to stop.
 */
export abstract class ReachPersonDialog extends InterruptibleDialog {
  protected override readonly handsOverPersonRequests = false;

  protected override async isAnswer(_innerDc: DialogContext, understanding: Understanding): Promise<boolean> {
    return !['help', 'cancel'].includes(understanding.intent);
  }
}
