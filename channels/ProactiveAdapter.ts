import { Activity, ActivityTypes, BotAdapter, ConversationReference, TurnContext } from 'botbuilder';

export type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * What every channel adapter shares with botbuilder's CloudAdapter: the same proactive entry point, so code that
 * reaches a resident later (a status change) does not care which channel they used.
 */
export abstract class ProactiveAdapter extends BotAdapter {
  /** Runs `logic` in the resident's conversation, under that conversation's lock. */
  abstract override continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void>;

  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('continueConversationAsync needs a logic callback');
    await this.continueConversation(reference, logic);
  }
}

/** The activity a proactive turn runs on: an event addressed as the conversation's own messages are. */
export function proactiveRequest(reference: Partial<ConversationReference>): Activity {
  return TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true) as Activity;
}
