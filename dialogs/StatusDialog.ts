import { TurnContext } from 'botbuilder';
import { DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CaseRecord } from '../cases/CaseModel';
import { CaseService } from '../cases/CaseService';
import { CASE_NUMBER_LENGTH, findCaseNumber, isValidCaseNumber } from '../cases/caseNumber';
import { isOpenStatus } from '../cases/statuses';
import { turnLanguage } from '../i18n/TurnLanguage';
import { PermitStatus, PermitStatusProvider, normalisePermitNumber } from '../permits/PermitStatusProvider';
import { Recognizer } from '../understanding/Recognizer';
import { CancelAndHelpDialog } from './CancelAndHelpDialog';
import { CHANGED_SUBJECT, STATUS_DIALOG } from './dialogIds';
import { CallbackSummary } from './CallbackSummary';

const STEPS = 'statusSteps';
const NUMBER_PROMPT = 'statusNumberPrompt';

export interface StatusDialogOptions {
  caseNumber?: string;
  permitNumber?: string;
}

/** Where a service request or a permit application stands: by number, or everything from this resident. */
export class StatusDialog extends CancelAndHelpDialog {
  constructor(
    recognizer: Recognizer,
    private readonly cases: CaseService,
    private readonly permits: PermitStatusProvider,
    /** Call-back requests are part of "my reports". */
    private readonly callbacks?: Pick<CallbackSummary, 'describeMine'>,
  ) {
    super(STATUS_DIALOG, recognizer);
    this.addDialog(new TextPrompt(NUMBER_PROMPT, (p) => this.validateNumber(p)));
    this.addDialog(new WaterfallDialog(STEPS, [this.answerOrAsk.bind(this), this.answerAsked.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async answerOrAsk(step: WaterfallStepContext<StatusDialogOptions>): Promise<DialogTurnResult> {
    const { caseNumber, permitNumber } = step.options ?? {};
    if (permitNumber || caseNumber) {
      await step.context.sendActivity(await this.describeNumber(step.context, permitNumber ?? caseNumber ?? ''));
      return step.endDialog();
    }
    const mine = await this.describeMine(step.context);
    if (mine) {
      await step.context.sendActivity(mine);
      return step.endDialog();
    }
    const { t } = turnLanguage(step.context);
    return step.prompt(NUMBER_PROMPT, { prompt: t('status.askNumber'), retryPrompt: t('status.askNumberRetry') });
  }

  private async answerAsked(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = String(step.result);
    if (isNewRequest(answer)) return step.endDialog(CHANGED_SUBJECT);
    await step.context.sendActivity(await this.describeNumber(step.context, answer));
    return step.endDialog();
  }

  /** A wrong number is asked again; words without any digit are a new request, not an answer. */
  private async validateNumber(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value ?? '';
    if (isNewRequest(text)) return true;
    return normalisePermitNumber(text) !== null || findCaseNumber(text) !== undefined;
  }

  private async describeNumber(context: TurnContext, typed: string): Promise<string> {
    const { t } = turnLanguage(context);
    const permitNumber = normalisePermitNumber(typed);
    if (permitNumber) {
      const permit = await this.permits.findByNumber(permitNumber);
      return permit ? this.describePermit(context, permit) : t('permit.notFound', { number: permitNumber });
    }
    const number = findCaseNumber(typed);
    if (!number) return t('status.invalidNumber', { number: typed.trim() });
    const found = await this.cases.findByNumber(number);
    if (found) return this.describeCase(context, found);
    const mistyped = number.length === CASE_NUMBER_LENGTH && !isValidCaseNumber(number);
    return t(mistyped ? 'status.typo' : 'status.notFound', { number });
  }

  private async describeMine(context: TurnContext): Promise<string | undefined> {
    const { t } = turnLanguage(context);
    const address = context.activity.from.id;
    const [cases, permits, callbacks] = await Promise.all([
      this.cases.listForReporter(address),
      this.permits.listForApplicant(address),
      this.callbacks?.describeMine(context) ?? [],
    ]);
    if (cases.length === 0 && permits.length === 0 && callbacks.length === 0) return undefined;
    const parts = [
      ...cases.map((c) => this.describeCase(context, c)),
      ...permits.map((p) => this.describePermit(context, p)),
      ...callbacks,
    ];
    return [t('status.mineIntro', { count: parts.length }), ...parts].join('\n\n');
  }

  private describeCase(context: TurnContext, record: CaseRecord): string {
    const { t, date, dateTime } = turnLanguage(context);
    const open = isOpenStatus(record.status);
    const lastNote = record.history[record.history.length - 1]?.note;
    const when = !open
      ? ''
      : record.expectedBy.getTime() < Date.now()
        ? t('status.overdue', { date: date(record.expectedBy) })
        : t('status.expected', { date: date(record.expectedBy) });
    return [
      t('status.case', {
        number: record.number,
        category: t(`category.${record.category}`),
        location: record.location.text,
        status: t(`status.name.${record.status}`),
        changed: dateTime(record.statusChangedAt),
      }),
      t(`status.explain.${record.status}`),
      lastNote ? t('status.note', { note: lastNote }) : '',
      when,
    ]
      .filter(Boolean)
      .join(' ');
  }

  private describePermit(context: TurnContext, permit: PermitStatus): string {
    const { t, date, dateTime } = turnLanguage(context);
    return [
      t('permit.status', {
        number: permit.number,
        work: permit.work,
        address: permit.address,
        step: t(`permitStep.name.${permit.step}`),
        changed: dateTime(permit.stepChangedAt),
      }),
      t(`permitStep.explain.${permit.step}`),
      permit.expectedDecisionBy ? t('permit.expected', { date: date(permit.expectedDecisionBy) }) : '',
    ]
      .filter(Boolean)
      .join(' ');
  }
}

/** Words without any digit, at the number question, are a new request rather than a mistyped number. */
function isNewRequest(answer: string): boolean {
  return answer.trim() !== '' && !/\d/.test(answer);
}
