import { ProactiveAdapter, proactiveRequest, TurnLogic } from '../ProactiveAdapter';
import { Activity, ActivityTypes, ConversationReference, DeliveryModes, ResourceResponse, TurnContext } from 'botbuilder';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { ChannelCapabilities, setCapabilities } from '../capabilities';
import { setClientNetwork } from '../clientAddress';
import { RefusedUpload, setRefusedUploads } from '../refusedUploads';
import { DirectLineConversations, WEB_BOT } from './DirectLineConversations';

/** Buttons, photos; read, not heard; no phone line to transfer. */
export const WEBCHAT_CAPABILITIES: ChannelCapabilities = { buttons: true, photos: true, speech: false, callTransfer: false, phoneContact: true };


/** A resident's activity as stored, and where it is in its conversation (its answer is shown after it). */
export interface StoredTurn {
  activity: Activity;
  /** Its sequence number; undefined for activities never shown (the conversation's start). */
  seq?: number;
}

/** What a web chat turn does once every attempt at it failed on I/O: tells the resident to send it again. */
export type TurnFailed = (context: TurnContext) => Promise<void>;

/**
 * Web chat as a Bot Framework adapter. The bot runs in this process: a resident's activity, once stored, is a
 * turn here. Its replies are buffered (expectReplies) and appended to the conversation, where the resident's client
 * reads them (WebSocket or polling) from whichever process it is connected to, only once the turn is committed:
 * a turn that fails shows nothing of what it said.
 */
export class DirectLineAdapter extends ProactiveAdapter {
  constructor(
    private readonly conversations: DirectLineConversations,
    private readonly lock: DatabaseLock,
    /** What the bot sees of a stored activity (photo references become URLs it can keep on a case). */
    private readonly forBot: (stored: Activity) => Activity,
  ) {
    super();
  }

  /**
   * One turn for an activity the resident sent, one turn at a time per conversation across processes. Its answer is
   * shown after the commit. An I/O failure (onTurnError rethrows it) shows nothing and propagates, so the turn can
   * run again from the state before it; with `turnFailed`, this is the last attempt: the resident is told instead.
   */
  async processActivity(stored: StoredTurn, logic: TurnLogic, refused: RefusedUpload[] = [], turnFailed?: TurnFailed): Promise<void> {
    const activity: Activity = { ...this.forBot(stored.activity), deliveryMode: DeliveryModes.ExpectReplies };
    await this.exclusively(activity.conversation.id, async () => {
      const context = this.turnContext(activity);
      setRefusedUploads(context, refused);
      try {
        await this.runMiddleware(context, logic);
      } catch (error) {
        if (!turnFailed) throw error;
        // Nothing the failed turn said is shown: only that the message was not applied.
        context.bufferedReplyActivities.length = 0;
        await turnFailed(context);
      }
      const replies = context.bufferedReplyActivities
        .filter((reply) => reply.type !== ActivityTypes.Typing && reply.type !== 'delay')
        .map((reply) => this.asReply(activity, reply));
      if (stored.seq === undefined || !stored.activity.id) {
        for (const reply of replies) await this.conversations.append(activity.conversation.id, reply);
      } else {
        await this.conversations.appendTurnReplies(activity.conversation.id, stored.activity.id, stored.seq, replies);
      }
    });
  }

  /** From the bot, to the resident; Web Chat holds a reply to an activity it never showed for 5 s: only messages are shown. */
  private asReply(incoming: Partial<Activity>, activity: Partial<Activity>): Partial<Activity> {
    const reply: Partial<Activity> = { ...activity, from: WEB_BOT, recipient: activity.recipient ?? incoming.from };
    if (incoming.type !== ActivityTypes.Message) delete reply.replyToId;
    return reply;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const incoming = context.activity;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // Typing is a live signal, never history; a delay is the bot pacing itself.
      if (activity.type === ActivityTypes.Typing || activity.type === 'delay') {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = activity.conversation?.id ?? incoming.conversation.id;
      responses.push({ id: (await this.conversations.append(conversationId, this.asReply(incoming, activity))).id });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('CivicLine does not edit web chat messages once sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('CivicLine does not delete web chat messages once sent');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const request = proactiveRequest(reference);
    await this.exclusively(request.conversation.id, () => this.runMiddleware(this.turnContext(request), logic));
  }


  private exclusively<T>(conversationId: string | undefined, work: () => Promise<T>): Promise<T> {
    if (!conversationId) throw new Error('A web chat activity needs a conversation id');
    return this.lock.runExclusive(`webchat:${conversationId}`, work);
  }

  private turnContext(activity: Partial<Activity>): TurnContext {
    const context = new TurnContext(this, activity);
    setCapabilities(context, WEBCHAT_CAPABILITIES);
    setClientNetwork(context, activity);
    return context;
  }
}
