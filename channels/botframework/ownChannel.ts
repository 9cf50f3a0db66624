import { Activity, ChannelAccount, ConversationAccount, Middleware, TurnContext } from 'botbuilder';

/** Every conversation that comes through /api/messages lives on this channel, whatever channelId its caller sent. */
export const BOT_FRAMEWORK_CHANNEL_ID = 'botframework';

/** "bf:<channel>:<id>": never an SMS or phone number (+1…), nor a web chat user or conversation id. */
export function ownChannelId(channelId: string, id: string): string {
  return `bf:${channelId}:${id}`;
}

/**
 * Moves the turn into the Bot Framework's own channel before the bot sees it: channelId becomes "botframework" and
 * the conversation and user ids are prefixed, so state, case reporters, call-backs and look-ups are keyed apart from
 * SMS, voice and web chat residents however a caller names itself. The replies are put back on the caller's own
 * ids on the way out, so the Emulator or Azure channel receives them in its conversation.
 */
export function keepToOwnChannel(): Middleware {
  return {
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const activity = context.activity;
      const callerChannel = activity.channelId;
      const callerConversation: ConversationAccount = { ...activity.conversation };
      const callerUser: ChannelAccount = { ...activity.from };
      activity.channelId = BOT_FRAMEWORK_CHANNEL_ID;
      activity.conversation = { ...callerConversation, id: ownChannelId(callerChannel, callerConversation.id) };
      activity.from = { ...callerUser, id: ownChannelId(callerChannel, callerUser.id) };
      const backToCaller = (outgoing: Partial<Activity>) => {
        outgoing.channelId = callerChannel;
        if (outgoing.conversation?.id === activity.conversation.id) outgoing.conversation = callerConversation;
        if (outgoing.recipient?.id === activity.from.id) outgoing.recipient = callerUser;
      };
      context.onSendActivities(async (_context, activities, sendNext) => {
        activities.forEach(backToCaller);
        return sendNext();
      });
      context.onUpdateActivity(async (_context, outgoing, updateNext) => {
        backToCaller(outgoing);
        return updateNext();
      });
      await next();
    },
  };
}
