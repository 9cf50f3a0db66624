import { TFunction } from 'i18next';
import { StatusChange } from '../cases/CaseModel';
import { WEBCHAT_CHANNEL_ID } from '../channels/directline/DirectLineConversations';

/** A status change in a few words, for a combined morning text: "now Work in progress", "Closed: fixed". */
export function noticeStep(t: TFunction, change: StatusChange): string {
  const status = t(`status.name.${change.status}`);
  return change.reason ? t('notice.stepClosed', { status, reason: t(`notice.reason.${change.reason}`) }) : t('notice.stepStatus', { status });
}

/** The satisfaction question after a closure; in a chat window it says "send", in a text "reply". */
export function surveyQuestion(t: TFunction, channel: string): string {
  return t(channel === WEBCHAT_CHANNEL_ID ? 'survey.ask_chat' : 'survey.ask');
}
