import { TurnContext } from 'botbuilder';
import { CaseService } from '../cases/CaseService';
import { CaseRecord } from '../cases/CaseModel';
import { turnLanguage } from '../i18n/TurnLanguage';
import { PhraseList, wordsOf } from '../understanding/safety/PhraseList';
import { understandingOf } from '../understanding/turnUnderstanding';
import { satisfactionAnswerIn } from './satisfactionAnswer';
import { SurveyInvitations } from './SurveyInvitations';
import { SatisfactionStats } from './SatisfactionStats';

/** A subscriber may say "not fixed" this long after a closure and reopen the case. */
export const REOPEN_WITHIN_MS = 14 * 24 * 60 * 60_000;
/** A bare "4" is read as the satisfaction answer this long after the question, if nothing was said in between. */
export const SURVEY_ANSWER_WITHIN_MS = 3 * 24 * 60 * 60_000;
/** How much of a satisfaction comment is kept. */
const MAX_COMMENT = 500;

export interface NoticeRepliesOptions {
  cases: Pick<CaseService, 'listForReporter' | 'findByNumber' | 'reopenByResident' | 'recordSatisfaction'>;
  surveys: SurveyInvitations;
  stats: Pick<SatisfactionStats, 'record'>;
  /** Each language's "not fixed" phrases (vocabulary.json `notFixed`). */
  notFixed: (locale: string) => PhraseList | undefined;
  clock: () => Date;
}

/**
 * Replies to what a subscriber was sent outside any conversation turn: the satisfaction question ("4 thanks,
 * quick fix") and a closure ("not fixed", "pas réglé"). Both are read from the database (the question asked, the
 * resident's cases), so any process answers them, after any restart.
 */
export class NoticeReplies {
  constructor(private readonly options: NoticeRepliesOptions) {}

  /**
   * Before menu numbers are read: a score right after the satisfaction question is its answer. "Right after":
   * within SURVEY_ANSWER_WITHIN_MS and with no other turn since it was asked (then a "1" means the menu again).
   */
  async answerSurvey(context: TurnContext, lastTurnAt: Date | undefined): Promise<boolean> {
    const { activity } = context;
    const answer = satisfactionAnswerIn(activity.text ?? '');
    if (!answer) return false;
    const invitation = await this.options.surveys.find(activity.channelId, activity.from.id);
    if (!invitation) return false;
    const now = this.options.clock();
    const again = invitation.answeredBy === activity.id;
    if (!again) {
      if (invitation.answeredBy) return false;
      if (now.getTime() - new Date(invitation.askedAt).getTime() > SURVEY_ANSWER_WITHIN_MS) return false;
      if (lastTurnAt && lastTurnAt.getTime() > new Date(invitation.askedAt).getTime()) return false;
      const subscriber = { channel: activity.channelId, address: activity.from.id };
      await this.options.cases.recordSatisfaction(invitation.caseNumber, {
        ...subscriber,
        score: answer.score,
        ...(answer.comment ? { comment: answer.comment.slice(0, MAX_COMMENT) } : {}),
        at: now,
      });
      const record = await this.options.cases.findByNumber(invitation.caseNumber);
      // Counted with the score the case kept (a second answer from the same subscriber changes nothing).
      const kept = record?.satisfaction.find((s) => s.channel === subscriber.channel && s.address === subscriber.address);
      if (record && kept) await this.options.stats.record({ caseNumber: record.number, queue: record.queue, ...subscriber, score: kept.score, at: kept.at });
      await this.options.surveys.answered(activity.channelId, activity.from.id, activity.id ?? '');
    }
    const { t } = turnLanguage(context);
    await context.sendActivity(t(answer.score <= 2 ? 'survey.thanksLow' : 'survey.thanks', { number: invitation.caseNumber }));
    return true;
  }

  /** After understanding: "not fixed" about the resident's most recently closed case reopens it (within 14 days). */
  async answerNotFixed(context: TurnContext): Promise<boolean> {
    const { activity } = context;
    const text = activity.text ?? '';
    const { t, locale } = turnLanguage(context);
    const phrases = this.options.notFixed(locale);
    if (!text.trim() || !phrases || phrases.matches(wordsOf(text)).length === 0) return false;
    // "Still there and now it's sparking": the dialogs answer an emergency first (911), never a reopening.
    if (understandingOf(context).emergency) return false;
    const closed = await this.lastClosed(activity.from.id);
    if (!closed) return false;
    const { outcome, record } = await this.options.cases.reopenByResident(closed.number, {
      channel: activity.channelId,
      address: activity.from.id,
      words: text.trim(),
      activityId: activity.id ?? '',
      withinMs: REOPEN_WITHIN_MS,
    });
    const params = { number: closed.number, category: t(`category.${closed.category}`) };
    if (outcome === 'reopened') await context.sendActivity(t('reopen.done', params));
    else if (outcome === 'too_late') await context.sendActivity(t('reopen.tooLate', params));
    else if (outcome === 'already_open') await context.sendActivity(t('reopen.alreadyOpen', { ...params, status: t(`status.name.${record?.status ?? 'received'}`) }));
    else return false;
    return true;
  }

  /** The resident's most recently closed case (not merged away), if any. */
  private async lastClosed(address: string): Promise<CaseRecord | undefined> {
    const cases = await this.options.cases.listForReporter(address, 10);
    return cases
      .filter((c) => (c.status === 'closed' || c.status === 'resolved') && !c.mergedInto)
      .sort((a, b) => new Date(b.statusChangedAt).getTime() - new Date(a.statusChangedAt).getTime())[0];
  }
}
