export const MAIN_DIALOG = 'mainDialog';
export const FAQ_DIALOG = 'faqDialog';
export const REPORT_DIALOG = 'reportDialog';
export const STATUS_DIALOG = 'statusDialog';

/** A dialog ends with this when the resident's answer was a new request: the main dialog routes it afresh. */
export const CHANGED_SUBJECT = 'changedSubject';
