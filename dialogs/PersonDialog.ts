import { DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { HandoffContext } from '../bot/events';
import { CaseService } from '../cases/CaseService';
import { capabilitiesOf } from '../channels/capabilities';
import { OpeningHours } from '../hours/OpeningHours';
import { turnLanguage } from '../i18n/TurnLanguage';
import { CallbackDialogOptions } from './CallbackDialog';
import { InterruptionServices } from './InterruptibleDialog';
import { ReachPersonDialog } from './ReachPersonDialog';
import { chosenId, messageWithChoices } from './choices';
import { CALLBACK_DIALOG, CHANGED_SUBJECT, HANDOFF_DIALOG, PERSON_DIALOG } from './dialogIds';
import { HandoffDialog } from './HandoffDialog';
import { personRequestFrom, PersonRequest } from './personRequest';

const STEPS = 'personSteps';
const OFFER_PROMPT = 'personOfferPrompt';
const YES = 'callbackOffer:yes';
const NO = 'callbackOffer:no';

export interface PersonDialogOptions {
  /** The message that asked for a person ("can I speak to someone about my water bill"). */
  text?: string;
}

export interface PersonDialogDeps {
  cases: CaseService;
  hours: OpeningHours;
  /** A staff number is configured for transfers (CITY_STAFF_NUMBER). */
  canTransfer: boolean;
  clock?: () => Date;
}

/**
 * "Talk to a person". On a call, during opening hours, the caller is put through to staff (a hand-off the voice
 * channel performs). Otherwise, or when nobody answers, the resident gets the city's number and hours and the
 * offer of a call-back. Channels that cannot transfer a call never get a hand-off.
 */
export class PersonDialog extends ReachPersonDialog {
  private readonly clock: () => Date;


  constructor(
    services: InterruptionServices,
    private readonly deps: PersonDialogDeps,
  ) {
    super(PERSON_DIALOG, services);
    this.clock = deps.clock ?? (() => new Date());
    this.addDialog(new HandoffDialog())
      .addDialog(new TextPrompt(OFFER_PROMPT, (p) => this.validateOffer(p)))
      .addDialog(new WaterfallDialog(STEPS, [this.transferOrInform.bind(this), this.offerCallback.bind(this), this.afterOffer.bind(this), this.done.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async transferOrInform(step: WaterfallStepContext<PersonDialogOptions>): Promise<DialogTurnResult> {
    const { t } = turnLanguage(step.context);
    const request = await personRequestFrom(step.context, this.deps.cases, step.options?.text ?? '', this.services.vocabulary(turnLanguage(step.context).locale).personRequestWords);
    (step.values as { request?: PersonRequest }).request = request;
    const open = this.deps.hours.isOpen(this.clock());
    if (open && this.deps.canTransfer && capabilitiesOf(step.context).callTransfer) {
      await step.context.sendActivity(t('person.connecting'));
      return step.beginDialog(HANDOFF_DIALOG, { caseNumber: request.caseNumber, topic: request.topic ?? '' } satisfies HandoffContext);
    }
    return step.next('notTransferred');
  }

  private async offerCallback(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, formats } = turnLanguage(step.context);
    if (step.result === 'completed') return step.endDialog();
    const now = this.clock();
    const hours = this.deps.hours.describe(formats, t);
    const intro =
      step.result === 'failed'
        ? t('person.noAnswer')
        : this.deps.hours.isOpen(now)
          ? t('person.contactOpen', { hours })
          : t('person.contactClosed', { hours });
    // No call-back where the city may not call or text anyone for this resident: the number and hours only.
    if (!capabilitiesOf(step.context).phoneContact) {
      await step.context.sendActivity(intro);
      return step.endDialog();
    }
    return step.prompt(OFFER_PROMPT, {
      prompt: messageWithChoices(`${intro} ${t('person.offerCallback')}`, [
        { id: YES, title: t('person.yesCallMe') },
        { id: NO, title: t('person.noThanks') },
      ]),
    });
  }

  private async afterOffer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = turnLanguage(step.context);
    const answer = step.result as OfferAnswer;
    if (answer === 'other') return step.endDialog(CHANGED_SUBJECT);
    if (answer === 'no') {
      await step.context.sendActivity(t('person.declined'));
      return step.endDialog();
    }
    const request = (step.values as { request?: PersonRequest }).request ?? {};
    return step.beginDialog(CALLBACK_DIALOG, { ...request } satisfies CallbackDialogOptions);
  }

  /** The call-back dialog's result (a change of subject included) is this dialog's result. */
  private async done(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }

  /** Yes, no, or something else entirely (handed back to the main dialog). */
  private async validateOffer(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value ?? '';
    const chosen = chosenId(prompt.context.activity);
    const answer: OfferAnswer =
      chosen === YES || (!chosen && this.saysYes(prompt.context, text)) ? 'yes' : chosen === NO || (!chosen && this.saysNo(prompt.context, text)) ? 'no' : 'other';
    prompt.recognized.value = answer;
    return true;
  }
}

type OfferAnswer = 'yes' | 'no' | 'other';
