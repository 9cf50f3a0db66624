import { Activity } from 'botbuilder';
import { choicesIn } from '../../dialogs/choices';

/** A reply as one text message: its words, then any offered choices as numbered lines (no buttons on SMS). */
export function smsText(activity: Partial<Activity>): string {
  const options = choicesIn(activity).map((choice, i) => `${i + 1}. ${choice.title}`);
  return [activity.text?.trim() ?? '', ...options].filter(Boolean).join('\n');
}
