import { Activity } from 'botbuilder';
import { choicesIn } from '../../dialogs/choices';
import { gsm7Transliterate } from './smsSegments';

/**
 * A reply as one text message: its words, then any offered choices as numbered lines (no buttons on SMS).
 * Letters outside the GSM-7 alphabet (ê, ç, curly quotes) become their nearest GSM-7 neighbours, so a French
 * answer costs the two segments an English one does instead of four or five.
 */
export function smsText(activity: Partial<Activity>): string {
  const options = choicesIn(activity).map((choice, i) => `${i + 1}. ${choice.title}`);
  return gsm7Transliterate([activity.text?.trim() ?? '', ...options].filter(Boolean).join('\n'));
}
