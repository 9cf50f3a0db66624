import { ProactiveAdapter, proactiveRequest, TurnLogic } from '../ProactiveAdapter';
import { Activity, ActivityTypes, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { ChannelCapabilities, setCapabilities } from '../capabilities';
import { setClientNetwork } from '../clientAddress';
import { RefusedUpload, setRefusedUploads } from '../refusedUploads';
import { DirectLineConversations, WEB_BOT } from './DirectLineConversations';

/** Buttons, photos; read, not heard; no phone line to transfer. */
export const WEBCHAT_CAPABILITIES: ChannelCapabilities = { buttons: true, photos: true, speech: false, callTransfer: false, phoneContact: true };


/**
 * Web chat as a Bot Framework adapter. The bot runs in this process: a resident's activity, once stored, is a
 * turn here, and the bot's replies are appended to the conversation, where the resident's client reads them
 * (WebSocket or polling) from whichever process it is connected to.
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

  /** One turn for an activity the resident sent, one turn at a time per conversation across processes. */
  async processActivity(stored: Activity, logic: TurnLogic, refused: RefusedUpload[] = []): Promise<void> {
    const activity = this.forBot(stored);
    await this.exclusively(activity.conversation.id, async () => {
      const context = this.turnContext(activity);
      setRefusedUploads(context, refused);
      await this.runMiddleware(context, logic);
    });
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
      const reply: Partial<Activity> = { ...activity, from: WEB_BOT, recipient: activity.recipient ?? incoming.from };
      // Web Chat holds a reply to an activity it never showed for 5 s: only messages are shown.
      if (incoming.type !== ActivityTypes.Message) delete reply.replyToId;
      responses.push({ id: (await this.conversations.append(conversationId, reply)).id });
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
