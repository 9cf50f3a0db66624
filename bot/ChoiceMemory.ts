import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Choice, ChoiceValue, choicesIn, chosenId, menuNumberIn } from '../dialogs/choices';
import { normalise } from '../understanding/text';

/**
 * Remembers the options the bot last offered (conversation state, so any process can read them) and turns a
 * reply naming one, by its number ("2", a keypad 2) or by its words, into that choice: a typed "2" on SMS
 * means what a button click means on the web.
 */
export class ChoiceMemory {
  constructor(private readonly offered: StatePropertyAccessor<Choice[]>) {}

  /** Before the dialogs run: marks the incoming message with the choice it names, if any. */
  async resolve(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (chosenId(activity) || !activity.text) return;
    const choices = (await this.offered.get(context)) ?? [];
    if (choices.length === 0) return;
    const number = menuNumberIn(activity.text);
    const typed = normalise(activity.text);
    const picked = number !== undefined ? choices[number - 1] : choices.find((c) => normalise(c.title) === typed);
    if (!picked) return;
    activity.value = { choice: picked.id } satisfies ChoiceValue;
    activity.text = picked.title;
  }

  /** For the rest of the turn: the choices of the last message sent are the ones a number refers to next. */
  remember(context: TurnContext): void {
    context.onSendActivities(async (ctx, activities, next) => {
      const messages = activities.filter((a) => a.type === 'message');
      if (messages.length > 0) await this.offered.set(ctx, choicesIn(messages[messages.length - 1]));
      return next();
    });
  }
}
