export const MAIN_DIALOG = 'mainDialog';
export const FAQ_DIALOG = 'faqDialog';
export const REPORT_DIALOG = 'reportDialog';
export const STATUS_DIALOG = 'statusDialog';
