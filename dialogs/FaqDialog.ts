import { Dialog, DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { FAQ_DIALOG } from './dialogIds';
import { FaqAnswers } from './FaqAnswers';

export interface FaqDialogOptions {
  question: string;
}

/** Answers a question in one turn from the city's knowledge base, or says plainly that it has no answer. */
export class FaqDialog extends Dialog<FaqDialogOptions> {
  constructor(private readonly answers: FaqAnswers) {
    super(FAQ_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: FaqDialogOptions): Promise<DialogTurnResult> {
    const question = options?.question ?? dc.context.activity.text ?? '';
    // A question kept from an earlier message (asked "report or question?" first) is read as itself.
    const understanding = await this.answers.understand(dc.context, question);
    if (!(await this.answers.answer(dc.context, question, understanding))) await this.answers.admitNotKnowing(dc.context);
    return dc.endDialog();
  }
}
