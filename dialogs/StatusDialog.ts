import { Activity, TurnContext } from 'botbuilder';
import { DialogContext, DialogTurnResult, PromptValidatorContext, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { findCaseNumber } from '../cases/caseNumber';
import { turnLanguage } from '../i18n/TurnLanguage';
import { normalisePermitNumber, normalisePostalCode } from '../permits/PermitStatusProvider';
import { CHANGED_SUBJECT, STATUS_DIALOG } from './dialogIds';
import { InterruptibleDialog, InterruptionServices } from './InterruptibleDialog';
import { RenderedPrompt } from './RenderedPrompt';
import { LookUp, StatusReports } from './StatusReports';

const STEPS = 'statusSteps';
const NUMBER_PROMPT = 'statusNumberPrompt';
const POSTAL_CODE_PROMPT = 'statusPostalCodePrompt';

export interface StatusDialogOptions {
  caseNumber?: string | null;
  permitNumber?: string | null;
  /** Picked from the menu ("check on a report"): after the resident's own, another number may be checked. */
  fromMenu?: boolean;
}

/** Where a service request or a permit application stands: by number, or everything from this resident. */
export class StatusDialog extends InterruptibleDialog {
  constructor(
    services: InterruptionServices,
    private readonly reports: StatusReports,
  ) {
    super(STATUS_DIALOG, services);
    this.addDialog(new RenderedPrompt(NUMBER_PROMPT, (c, retry) => this.say(c, retry ? 'status.askNumberRetry' : 'status.askNumber'), (p) => this.validateNumber(p)));
    this.addDialog(new RenderedPrompt(POSTAL_CODE_PROMPT, (c, retry) => this.say(c, retry ? 'permit.askPostalCodeRetry' : 'permit.askPostalCode'), (p) => this.validatePostalCode(p)));
    this.addDialog(new WaterfallDialog(STEPS, [this.numberOrMine.bind(this), this.lookUp.bind(this), this.withPostalCode.bind(this)]));
    this.initialDialogId = STEPS;
  }

  /** Digits at the number or postal-code question are the answer, even in "status 1234". */
  protected override async isAnswer(innerDc: DialogContext): Promise<boolean> {
    return /\d/.test(innerDc.context.activity.text ?? '');
  }

  private async numberOrMine(step: WaterfallStepContext<StatusDialogOptions>): Promise<DialogTurnResult> {
    const { caseNumber, permitNumber } = step.options ?? {};
    if (permitNumber || caseNumber) return step.next(permitNumber ?? caseNumber);
    const mine = await this.reports.describeMine(step.context);
    if (mine) {
      await step.context.sendActivity(mine);
      return step.options?.fromMenu ? step.prompt(NUMBER_PROMPT, {}) : step.endDialog();
    }
    // "my reports" with nothing to show says so before asking for a number they may have from elsewhere.
    await step.context.sendActivity(turnLanguage(step.context).t('status.nothingOnFile'));
    return step.prompt(NUMBER_PROMPT, {});
  }

  private async lookUp(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const typed = String(step.result ?? '');
    if (isNewRequest(typed)) return step.endDialog(CHANGED_SUBJECT);
    const permitNumber = normalisePermitNumber(typed);
    const caseNumber = findCaseNumber(typed);
    let found: LookUp;
    if (permitNumber) found = await this.reports.lookUpPermit(step.context, permitNumber);
    else if (caseNumber) found = await this.reports.lookUpCase(step.context, caseNumber);
    else found = { kind: 'answer', text: turnLanguage(step.context).t('status.invalidNumber', { number: typed.trim() }) };
    if (found.kind === 'needsPostalCode') {
      (step.values as { permitNumber?: string }).permitNumber = found.permitNumber;
      return step.prompt(POSTAL_CODE_PROMPT, {});
    }
    await step.context.sendActivity(found.text);
    return step.endDialog();
  }

  private async withPostalCode(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = String(step.result ?? '');
    if (isNewRequest(answer)) return step.endDialog(CHANGED_SUBJECT);
    await step.context.sendActivity(await this.reports.lookUpPermitWithPostalCode(step.context, (step.values as { permitNumber: string }).permitNumber, answer));
    return step.endDialog();
  }

  /** A wrong number is asked again; words without any digit are a new request, not an answer. */
  private async validateNumber(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value ?? '';
    return isNewRequest(text) || normalisePermitNumber(text) !== null || findCaseNumber(text) !== undefined;
  }

  private async validatePostalCode(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value ?? '';
    return isNewRequest(text) || normalisePostalCode(text) !== null;
  }

  private async say(context: TurnContext, key: string): Promise<Partial<Activity>> {
    return { type: 'message', text: turnLanguage(context).t(key) };
  }
}

/** Words without any digit, at a number question, are a new request rather than a mistyped number. */
function isNewRequest(answer: string): boolean {
  return answer.trim() !== '' && !/\d/.test(answer);
}
