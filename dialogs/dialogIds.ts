export const MAIN_DIALOG = 'mainDialog';
export const FAQ_DIALOG = 'faqDialog';
export const REPORT_DIALOG = 'reportDialog';
export const STATUS_DIALOG = 'statusDialog';
export const CLARIFY_DIALOG = 'clarifyDialog';
export const PERSON_DIALOG = 'personDialog';
export const CALLBACK_DIALOG = 'callbackDialog';
export const HANDOFF_DIALOG = 'handoffDialog';

/** A dialog ends with this when the resident's answer was a new request: the main dialog routes it afresh. */
export const CHANGED_SUBJECT = 'changedSubject';

/** A dialog ends with this when a message kept from before should be routed next. */
export interface FollowUp {
  followUp: string;
  /** What the resident said the kept message is, when they were asked. */
  as?: 'report' | 'question';
}

export function isFollowUp(result: unknown): result is FollowUp {
  return typeof result === 'object' && result !== null && typeof (result as FollowUp).followUp === 'string';
}
