import { Activity, ActionTypes, ActivityTypes, CardAction } from 'botbuilder';

/** One option offered to the resident: a stable id the dialogs act on, and the words shown or spoken. */
export interface Choice {
  id: string;
  title: string;
}

/** What a chosen option carries in `activity.value`, whichever way it was chosen (button, number, keypad). */
export interface ChoiceValue {
  choice: string;
}

/**
 * A message offering choices as suggested actions. Web chat shows buttons; SMS and voice adapters render
 * them as numbered options, and ChoiceMemory turns a number typed or keyed back into the same choice.
 */
export function messageWithChoices(text: string, choices: Choice[]): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text,
    suggestedActions: { to: [], actions: choices.map(toAction) },
  };
}

function toAction(choice: Choice): CardAction {
  const value: ChoiceValue = { choice: choice.id };
  return { type: ActionTypes.MessageBack, title: choice.title, text: choice.title, displayText: choice.title, value };
}

/** The choices a message offers, as sent (empty when it offers none). */
export function choicesIn(activity: Partial<Activity>): Choice[] {
  return (activity.suggestedActions?.actions ?? []).flatMap((action) => {
    const id = (action.value as Partial<ChoiceValue> | undefined)?.choice;
    return typeof id === 'string' ? [{ id, title: String(action.title ?? action.text ?? id) }] : [];
  });
}

/** The id of the option the resident picked with this message, if they picked one. */
export function chosenId(activity: Partial<Activity>): string | undefined {
  const value = activity.value as Partial<ChoiceValue> | undefined;
  return typeof value?.choice === 'string' ? value.choice : undefined;
}

/** "2", "2.", "#2", "option 2", "choix 2": a menu number, perhaps after a word that says so ("hello 1" is not one). */
const MENU_NUMBER = /^(?:#\s*|(?:option|opt|choice|choix|number|num|no|numéro|numero|n°)\.?\s*)?(\d{1,2})[.)!]?$/iu;

/** The 1-based option number in a reply such as "2" or "option 2", if the reply is only that. */
export function menuNumberIn(text: string): number | undefined {
  const picked = MENU_NUMBER.exec(text.trim())?.[1];
  return picked ? Number(picked) : undefined;
}
