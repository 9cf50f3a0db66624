import { Activity } from 'botbuilder';
import { TFunction } from 'i18next';
import { ChannelCapabilities } from '../channels/capabilities';
import { Choice, messageWithChoices } from './choices';
import { OfferedCase } from './ReportDraft';

/** The ids of the offer's buttons (web chat) and what a typed or keyed answer is read as. */
export const SAME_CASE = 'grouping.same';
export const DIFFERENT_CASE = 'grouping.different';

/** On the phone, "press 1 to add it, 2 for a new report" (a key alone; on a text a lone digit means the same). */
const SAME_KEY = /^\s*1\s*$/;
const DIFFERENT_KEY = /^\s*2\s*$/;

export type OfferAnswer = 'same' | 'different' | 'unclear';

/**
 * "This looks already reported: ... Is it the same?": Yes/No buttons in a chat window; words to reply with on a
 * text; keys to press on the phone (the sentence's `_chat` and `_speak` variants say which).
 */
export function offerMessage(t: TFunction, capabilities: ChannelCapabilities, offered: OfferedCase, place: string, isRetry: boolean): Partial<Activity> {
  const text = t(isRetry ? 'grouping.offerRetry' : 'grouping.offer', {
    category: t(`category.${offered.category}`),
    place,
    number: offered.number,
    status: t(`status.name.${offered.status}`),
  });
  if (!capabilities.buttons) return { type: 'message', text };
  const choices: Choice[] = [
    { id: SAME_CASE, title: t('grouping.same') },
    { id: DIFFERENT_CASE, title: t('grouping.different') },
  ];
  return messageWithChoices(text, choices);
}

/** A button, a key, or the resident's yes or no (read by the dialog's own yes/no reading). */
export function offerAnswer(choice: string | undefined, text: string, saysYes: boolean, saysNo: boolean): OfferAnswer {
  if (choice === SAME_CASE || SAME_KEY.test(text)) return 'same';
  if (choice === DIFFERENT_CASE || DIFFERENT_KEY.test(text)) return 'different';
  if (saysNo) return 'different';
  if (saysYes) return 'same';
  return 'unclear';
}
