import { Activity, TurnContext } from 'botbuilder';
import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { turnLanguage } from '../i18n/TurnLanguage';
import { chosenId, messageWithChoices } from './choices';
import { CHANGED_SUBJECT, CLARIFY_DIALOG, FollowUp } from './dialogIds';
import { InterruptibleDialog, InterruptionServices } from './InterruptibleDialog';
import { RenderedPrompt } from './RenderedPrompt';

const STEPS = 'clarifySteps';
const PROMPT = 'clarifyPrompt';
const REPORT = 'clarify:report';
const QUESTION = 'clarify:question';

export interface ClarifyOptions {
  text: string;
}

/** What the main dialog does with the message once the resident has said what they meant. */
export interface Clarified extends FollowUp {
  as: 'report' | 'question';
}

/**
 * "No garbage pickup on Elm?" could be a report or a question. Rather than guess, ask once: report it, or just
 * a question. Any other answer is a new message.
 */
export class ClarifyDialog extends InterruptibleDialog {
  constructor(services: InterruptionServices) {
    super(CLARIFY_DIALOG, services);
    this.addDialog(new RenderedPrompt(PROMPT, (c) => this.render(c)));
    this.addDialog(new WaterfallDialog(STEPS, [this.ask.bind(this), this.decide.bind(this)]));
    this.initialDialogId = STEPS;
  }

  protected override async isAnswer(): Promise<boolean> {
    return true;
  }

  private async ask(step: WaterfallStepContext<ClarifyOptions>): Promise<DialogTurnResult> {
    (step.values as { text?: string }).text = step.options.text;
    return step.prompt(PROMPT, {});
  }

  private async decide(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choice = chosenId(step.context.activity);
    if (choice !== REPORT && choice !== QUESTION) return step.endDialog(CHANGED_SUBJECT);
    const result: Clarified = { followUp: (step.values as { text?: string }).text as string, as: choice === REPORT ? 'report' : 'question' };
    return step.endDialog(result);
  }

  private async render(context: TurnContext): Promise<Partial<Activity>> {
    const { t } = turnLanguage(context);
    return messageWithChoices(t('clarify.ask'), [
      { id: REPORT, title: t('clarify.report') },
      { id: QUESTION, title: t('clarify.question') },
    ]);
  }
}
