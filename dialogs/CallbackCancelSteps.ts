import { TurnContext } from 'botbuilder';
import { Dialog, DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { phoneLabel, whenLabel } from '../callbacks/callbackWording';
import { CallbackQueue } from '../callbacks/CallbackQueue';
import { turnLanguage } from '../i18n/TurnLanguage';
import { understandingOf } from '../understanding/turnUnderstanding';
import { Choice, chosenId, messageWithChoices } from './choices';
import { CHANGED_SUBJECT } from './dialogIds';

export const CANCEL_STEPS = 'callbackCancelSteps';
/** While this prompt waits, "cancel" is its answer, not a way out of the dialog. */
export const CANCEL_PROMPT = 'callbackCancelPrompt';
const CANCEL = 'callbackCancel:yes';
const KEEP = 'callbackCancel:keep';
/** Neither: a new request ("my reports"), routed afresh by the main dialog; the place is kept. */
const OTHER = 'callbackCancel:other';

export interface CancelStepsOptions {
  requestId: string;
}

/** The dialog's reading of a short yes or no, in the resident's language. */
export interface YesNo {
  saysYes(context: TurnContext, text: string): boolean;
  saysNo(context: TurnContext, text: string): boolean;
}

/**
 * "You're already in line… Do you want to cancel it?" for a resident who asks again or says cancel. Cancelling
 * takes the request out of the line for good; anything else keeps the place (losing it by mistake is the worse
 * error).
 */
export class CallbackCancelSteps {
  constructor(
    private readonly queue: CallbackQueue,
    private readonly answers: YesNo,
    private readonly clock: () => Date,
  ) {}

  /** The prompt and the steps, to add to the dialog that offers them. */
  dialogs(): Dialog[] {
    return [
      new TextPrompt(CANCEL_PROMPT, (p) => this.validate(p)),
      new WaterfallDialog(CANCEL_STEPS, [this.offer.bind(this), this.act.bind(this)]),
    ];
  }

  private async offer(step: WaterfallStepContext<CancelStepsOptions>): Promise<DialogTurnResult> {
    const language = turnLanguage(step.context);
    const { t } = language;
    const request = await this.queue.find(step.options.requestId);
    if (request?.state === 'calling') {
      await step.context.sendActivity(t('callback.callingNow'));
      return step.endDialog();
    }
    if (request?.state !== 'waiting') {
      await step.context.sendActivity(t('callback.alreadyOver'));
      return step.endDialog();
    }
    const place = await this.queue.placeOf(request);
    const where = t('callback.alreadyQueued', { position: place.position, when: whenLabel(language, request, place, this.clock()), phone: phoneLabel(request.phone) });
    // Keeping comes first: a caller pressing 1 once too often (1 was "yes, call me back") must not lose the place.
    const choices: Choice[] = [
      { id: KEEP, title: t('callback.keepIt') },
      { id: CANCEL, title: t('callback.cancelIt') },
    ];
    return step.prompt(CANCEL_PROMPT, { prompt: messageWithChoices(`${where} ${t('callback.askCancel')}`, choices) });
  }

  private async act(step: WaterfallStepContext<CancelStepsOptions>): Promise<DialogTurnResult> {
    const language = turnLanguage(step.context);
    const { t } = language;
    if (step.result === OTHER) return step.endDialog(CHANGED_SUBJECT);
    if (step.result === KEEP) {
      const request = await this.queue.find(step.options.requestId);
      if (!request) return step.endDialog();
      const place = await this.queue.placeOf(request);
      await step.context.sendActivity(t('callback.kept', { position: place.position, when: whenLabel(language, request, place, this.clock()) }));
      return step.endDialog();
    }
    const outcome = await this.queue.cancel({ _id: step.options.requestId });
    await step.context.sendActivity(t(outcome === 'cancelled' ? 'callback.cancelled' : outcome === 'calling' ? 'callback.callingNow' : 'callback.alreadyOver'));
    return step.endDialog();
  }

  /** Always an answer: cancel, keep, or something else entirely. */
  private async validate(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { context } = prompt;
    const chosen = chosenId(context.activity);
    const text = prompt.recognized.value ?? '';
    prompt.recognized.value =
      chosen === CANCEL || chosen === KEEP
        ? chosen
        : understandingOf(context).intent === 'cancel' || this.answers.saysYes(context, text)
          ? CANCEL
          : this.answers.saysNo(context, text)
            ? KEEP
            : OTHER;
    return true;
  }
}
