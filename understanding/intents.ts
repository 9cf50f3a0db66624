/** What a resident wants from one message. Fixed names: the dialogs, the classify tool and the benches use them. */
export const INTENTS = [
  'report_problem',
  'check_status',
  'ask_question',
  'request_callback',
  'talk_to_person',
  'emergency',
  'change_language',
  'help',
  'cancel',
  'greeting',
  'thanks',
  'affirm',
  'deny',
  'unknown',
] as const;

export type Intent = (typeof INTENTS)[number];

export function isIntent(value: unknown): value is Intent {
  return typeof value === 'string' && (INTENTS as readonly string[]).includes(value);
}
