export const MAIN_DIALOG = 'mainDialog';
export const FAQ_DIALOG = 'faqDialog';
export const REPORT_DIALOG = 'reportDialog';
export const STATUS_DIALOG = 'statusDialog';
export const PERSON_DIALOG = 'personDialog';
export const CALLBACK_DIALOG = 'callbackDialog';
export const HANDOFF_DIALOG = 'handoffDialog';

/** A dialog ends with this when the resident's answer was a new request: the main dialog routes it afresh. */
export const CHANGED_SUBJECT = 'changedSubject';

/** A dialog ends with this when the resident asked something along the way: the main dialog routes it next. */
export interface FollowUp {
  followUp: string;
}

export function isFollowUp(result: unknown): result is FollowUp {
  return typeof result === 'object' && result !== null && typeof (result as FollowUp).followUp === 'string';
}
