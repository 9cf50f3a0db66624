import { Activity, ActivityTypes, BotAdapter, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { Twilio } from 'twilio';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { OptOutRegistry } from './OptOutRegistry';
import { packMessages } from './twiml';
import { smsText } from './smsText';
import { ChannelCapabilities, setCapabilities } from '../capabilities';

/** Text in, text out, photos by MMS; options are rendered as numbered lines. */
export const SMS_CAPABILITIES: ChannelCapabilities = { buttons: false, photos: true, speech: false, callTransfer: false };

/** Twilio's error for a message to a number that texted STOP. */
const OPTED_OUT_ERROR = 21610;

export interface TwilioSmsAdapterOptions {
  client: Twilio;
  /** The city's number: the sender of every text. */
  fromNumber: string;
  optOuts: OptOutRegistry;
  lock: DatabaseLock;
}

type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * The SMS channel as a Bot Framework adapter. Replies to an incoming text are buffered and returned for the
 * webhook's TwiML answer; messages outside a webhook (proactive) go out through Twilio's REST API.
 */
export class TwilioSmsAdapter extends BotAdapter {
  constructor(private readonly options: TwilioSmsAdapterOptions) {
    super();
  }

  /** Runs one incoming text through the bot, one turn at a time per conversation, and returns its replies. */
  async processInbound(activity: Partial<Activity>, logic: TurnLogic): Promise<Partial<Activity>[]> {
    return this.exclusively(activity, async () => {
      const context = this.turnContext(activity);
      await this.runMiddleware(context, logic);
      return context.bufferedReplyActivities;
    });
  }

  private exclusively<T>(activity: Partial<Activity>, work: () => Promise<T>): Promise<T> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) throw new Error('An SMS activity needs a conversation id');
    return this.options.lock.runExclusive(`sms:${conversationId}`, work);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const to = context.activity.from?.id ?? context.activity.recipient?.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message) {
        responses.push({ id: '' });
        continue;
      }
      const recipient = activity.recipient?.id ?? to;
      if (!recipient || (await this.options.optOuts.isOptedOut(recipient))) {
        responses.push({ id: '' });
        continue;
      }
      responses.push({ id: await this.send(recipient, activity) });
    }
    return responses;
  }

  /** Texts one turn's replies that missed the webhook's answer, packed like a TwiML answer would be. */
  async deliver(to: string, replies: Partial<Activity>[]): Promise<void> {
    const messages = replies.filter((r) => r.type === ActivityTypes.Message);
    const text = messages.map(smsText).filter(Boolean).join('\n\n');
    const attachments = messages.flatMap((r) => r.attachments ?? []);
    if ((!text && attachments.length === 0) || (await this.options.optOuts.isOptedOut(to))) return;
    await this.send(to, { type: ActivityTypes.Message, text, attachments });
  }

  async updateActivity(): Promise<void> {
    throw new Error('A text message cannot be edited once sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('A text message cannot be deleted once sent');
  }

  /** A proactive turn takes the same lock as incoming texts, so neither overwrites the other's state. */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const request = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    await this.exclusively(request, () => this.runMiddleware(this.turnContext(request), logic));
  }

  private turnContext(activity: Partial<Activity>): TurnContext {
    const context = new TurnContext(this, activity);
    setCapabilities(context, SMS_CAPABILITIES);
    return context;
  }

  /** Same proactive entry point as CloudAdapter, so notification code does not care which channel it uses. */
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

  private async send(to: string, activity: Partial<Activity>): Promise<string> {
    const media = (activity.attachments ?? []).map((a) => a.contentUrl).filter((u): u is string => Boolean(u));
    const text = smsText(activity);
    const bodies = packMessages(text ? [text] : []);
    // A picture alone still needs one message, with an empty body, to carry it.
    if (bodies.length === 0 && media.length > 0) bodies.push('');
    let sid = '';
    for (const [i, body] of bodies.entries()) {
      try {
        const message = await this.options.client.messages.create({
          to,
          from: this.options.fromNumber,
          body,
          ...(i === bodies.length - 1 && media.length > 0 ? { mediaUrl: media } : {}),
        });
        sid = message.sid;
      } catch (error) {
        if ((error as { code?: number }).code === OPTED_OUT_ERROR) {
          await this.options.optOuts.optOut(to);
          return '';
        }
        throw error;
      }
    }
    return sid;
  }
}
