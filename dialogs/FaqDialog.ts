import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { turnLanguage } from '../i18n/TurnLanguage';
import { KnowledgeBase } from '../understanding/KnowledgeBase';
import { Recognizer } from '../understanding/Recognizer';
import { CancelAndHelpDialog } from './CancelAndHelpDialog';
import { FAQ_DIALOG } from './dialogIds';

const STEPS = 'faqSteps';

export interface FaqDialogOptions {
  question: string;
}

/** Answers a question from the city's knowledge base, or says plainly that it has no answer. */
export class FaqDialog extends CancelAndHelpDialog {
  constructor(
    recognizer: Recognizer,
    private readonly knowledge: KnowledgeBase,
  ) {
    super(FAQ_DIALOG, recognizer);
    this.addDialog(new WaterfallDialog(STEPS, [this.answer.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async answer(step: WaterfallStepContext<FaqDialogOptions>): Promise<DialogTurnResult> {
    const { t, locale } = turnLanguage(step.context);
    const [best] = this.knowledge.search(step.options.question, locale);
    if (!best) {
      await step.context.sendActivity(t('faq.noAnswer'));
      return step.endDialog();
    }
    const more = best.topic.url ? `\n${t('faq.more', { url: best.topic.url })}` : '';
    await step.context.sendActivity(`${best.topic.answer}${more}`);
    return step.endDialog(best.topic.id);
  }
}
