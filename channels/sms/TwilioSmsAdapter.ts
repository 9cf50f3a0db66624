import { ProactiveAdapter, proactiveRequest, TurnLogic } from '../ProactiveAdapter';
import { randomUUID } from 'node:crypto';
import { Activity, ActivityTypes, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { CommitGate } from '../../bot/CommitGate';
import { Outbox } from '../../outbox/Outbox';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { ChannelCapabilities, setCapabilities } from '../capabilities';
import { SMS_CHANNEL_ID } from './smsActivity';
import { smsText } from './smsText';

/** Text in, text out, photos by MMS; options are rendered as numbered lines. */
export const SMS_CAPABILITIES: ChannelCapabilities = { buttons: false, photos: true, speech: false, callTransfer: false, phoneContact: true, phoneIdentity: true };

export interface TwilioSmsAdapterOptions {
  /** Everything texted outside a webhook's answer goes through the outbox (sent, retried, never to opted-out numbers). */
  outbox: Outbox;
  lock: DatabaseLock;
}


/**
 * The SMS channel as a Bot Framework adapter. Replies to an incoming text are buffered and returned for the
 * webhook's TwiML answer; messages outside a webhook (proactive) are queued in the outbox.
 */
export class TwilioSmsAdapter extends ProactiveAdapter {
  constructor(private readonly options: TwilioSmsAdapterOptions) {
    super();
  }

  /**
   * Runs one incoming text through the bot, one turn at a time per conversation, and returns its replies. The gate
   * lets the webhook give up on the turn (it must then not be saved).
   */
  async processInbound(activity: Partial<Activity>, logic: TurnLogic, gate?: CommitGate): Promise<Partial<Activity>[]> {
    return this.exclusively(activity, async () => {
      const context = this.turnContext(activity);
      gate?.attachTo(context);
      await this.runMiddleware(context, logic);
      return context.bufferedReplyActivities;
    });
  }

  private exclusively<T>(activity: Partial<Activity>, work: () => Promise<T>): Promise<T> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) throw new Error('An SMS activity needs a conversation id');
    return this.options.lock.runExclusive(`sms:${conversationId}`, work);
  }

  /**
   * Proactive texts: queued in the outbox, never sent from inside a turn, so a slow or failing Twilio neither holds
   * the conversation's lock nor touches its state. The id of each response is the outbox key ('' when the number
   * opted out). A caller that may run twice gives its own key in `channelData.outboxKey` (TurnContext drops
   * activity ids), so a notification retried with the same key is sent once.
   */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const to = context.activity.from?.id ?? context.activity.recipient?.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const recipient = activity.recipient?.id ?? to;
      if (activity.type !== ActivityTypes.Message || !recipient) {
        responses.push({ id: '' });
        continue;
      }
      const given = (activity.channelData as { outboxKey?: unknown } | undefined)?.outboxKey;
      const key = typeof given === 'string' ? given : `sms:proactive:${randomUUID()}`;
      const media = (activity.attachments ?? []).map((a) => a.contentUrl).filter((u): u is string => Boolean(u));
      const queued = await this.options.outbox.enqueue({ key, channel: SMS_CHANNEL_ID, to: recipient, text: smsText(activity), media, reason: 'proactive' });
      responses.push({ id: queued === 'opted_out' ? '' : key });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('A text message cannot be edited once sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('A text message cannot be deleted once sent');
  }

  /**
   * A proactive turn takes the same lock as incoming texts, so neither overwrites the other's state. It skips
   * onTurnError: its failure goes to its caller as is, and never resets the resident's conversation.
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const request = proactiveRequest(reference);
    await this.exclusively(request, async () => {
      const context = this.turnContext(request);
      await this.middleware.run(context, () => logic(context));
    });
  }

  private turnContext(activity: Partial<Activity>): TurnContext {
    const context = new TurnContext(this, activity);
    setCapabilities(context, SMS_CAPABILITIES);
    return context;
  }

}
