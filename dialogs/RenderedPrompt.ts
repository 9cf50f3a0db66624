import { Activity, InputHints, TurnContext } from 'botbuilder';
import { PromptOptions, PromptValidator, TextPrompt } from 'botbuilder-dialogs';

/** Builds a prompt's message from the conversation as it is now (`isRetry`: the answer was not usable). */
export type PromptRenderer = (context: TurnContext, isRetry: boolean) => Promise<Partial<Activity>>;

/**
 * A text prompt whose question is rendered when it is asked, not frozen in dialog state when it started: a
 * reprompt after the resident switched language, corrected the address or added a photo says what is true now.
 */
export class RenderedPrompt extends TextPrompt {
  constructor(
    dialogId: string,
    private readonly render: PromptRenderer,
    validator?: PromptValidator<string>,
  ) {
    super(dialogId, validator);
  }

  protected override async onPrompt(context: TurnContext, _state: object, _options: PromptOptions, isRetry: boolean): Promise<void> {
    // Expecting input: a phone keeps listening, and Web Chat reopens the microphone for an answer.
    await context.sendActivity({ ...(await this.render(context, isRetry)), inputHint: InputHints.ExpectingInput });
  }
}
