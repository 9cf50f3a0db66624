import { TurnContext } from 'botbuilder';
import { turnLanguage } from '../i18n/TurnLanguage';
import { Understanding } from '../understanding/Understanding';
import { AsideAnswers } from './AsideAnswers';
import { FaqAnswers } from './FaqAnswers';
import { StatusReports } from './StatusReports';

/** Questions and status checks answered in the middle of another dialog, which then carries on. */
export class Aside implements AsideAnswers {
  constructor(
    private readonly faq: FaqAnswers,
    private readonly status: StatusReports,
  ) {}

  async answerQuestion(context: TurnContext, text: string): Promise<boolean> {
    return this.faq.answer(context, text, await this.faq.understand(context, text));
  }

  async answerStatus(context: TurnContext, understanding: Understanding): Promise<boolean> {
    const { caseNumber, permitNumber } = understanding;
    if (!caseNumber && !permitNumber) return false;
    const found = permitNumber ? await this.status.lookUpPermit(context, permitNumber) : await this.status.lookUpCase(context, caseNumber!);
    // A permit needs a second question; that waits until what the resident is doing now is done.
    await context.sendActivity(found.kind === 'answer' ? found.text : turnLanguage(context).t('permit.askLater', { number: found.permitNumber }));
    return true;
  }
}
