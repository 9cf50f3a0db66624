import { TurnContext } from 'botbuilder';
import { Understander, Understanding } from './Understanding';

const UNDERSTANDING = Symbol('Understanding');

/** The bot reads each message once per turn; dialogs share that reading instead of running the model again. */
export function setUnderstanding(context: TurnContext, understanding: Understanding): void {
  context.turnState.set(UNDERSTANDING, understanding);
}

export function understandingOf(context: TurnContext): Understanding {
  const understanding = context.turnState.get(UNDERSTANDING) as Understanding | undefined;
  if (!understanding) throw new Error('No Understanding on this turn: the bot reads the message before running dialogs');
  return understanding;
}

/** The reading of `text`: this turn's when it is this turn's message, else a fresh one (a question kept from before). */
export async function understandingFor(context: TurnContext, text: string, understander: Understander, locale: string): Promise<Understanding> {
  return text === (context.activity.text ?? '') ? understandingOf(context) : understander.understand(text, { locale });
}
