import { ProactiveAdapter, proactiveRequest, TurnLogic } from '../ProactiveAdapter';
import { Activity, ActivityTypes, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { replayedLocale } from '../../bot/TurnJournal';
import { turnLanguage } from '../../i18n/TurnLanguage';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { ChannelCapabilities, setCapabilities } from '../capabilities';

/** Heard, not read; answers by keypad or speech; a call can be put through to a person. */
export const VOICE_CAPABILITIES: ChannelCapabilities = { buttons: false, photos: false, speech: true, callTransfer: true, phoneContact: true, phoneIdentity: true };


export interface TwilioVoiceAdapterOptions {
  lock: DatabaseLock;
  /** Messages for a caller outside a call's webhook (notifications about their case) are texted instead. */
  text: (to: string, activities: Partial<Activity>[]) => Promise<void>;
  defaultLocale: string;
}

/** One turn of a call: the replies to render as TwiML, in the language the turn ended in. */
export interface VoiceTurn {
  replies: Partial<Activity>[];
  locale: string;
}

/**
 * The phone channel as a Bot Framework adapter. A turn's replies are buffered (expectReplies) and rendered by the
 * webhook as one TwiML answer; the dialogs are the same as on every other channel.
 */
export class TwilioVoiceAdapter extends ProactiveAdapter {
  constructor(private readonly options: TwilioVoiceAdapterOptions) {
    super();
  }

  /** Runs one webhook's turn, one at a time per call, and returns its replies. */
  async processInbound(activity: Partial<Activity>, logic: TurnLogic): Promise<VoiceTurn> {
    return this.exclusively(activity, async () => {
      const context = this.turnContext(activity);
      await this.runMiddleware(context, logic);
      return { replies: context.bufferedReplyActivities, locale: localeOf(context) ?? this.options.defaultLocale };
    });
  }

  private exclusively<T>(activity: Partial<Activity>, work: () => Promise<T>): Promise<T> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) throw new Error('A voice activity needs a conversation id');
    return this.options.lock.runExclusive(`voice:${conversationId}`, work);
  }

  /** Only reached outside a call's webhook (proactive messages): a call cannot be spoken into later, so they are texted. */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const to = context.activity.from?.id ?? context.activity.recipient?.id;
    const messages = activities.filter((a) => a.type === ActivityTypes.Message);
    if (to && messages.length > 0) await this.options.text(to, messages);
    return activities.map(() => ({ id: '' }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('Words said on a call cannot be edited');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('Words said on a call cannot be taken back');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const request = proactiveRequest(reference);
    await this.exclusively(request, () => this.runMiddleware(this.turnContext(request), logic));
  }


  private turnContext(activity: Partial<Activity>): TurnContext {
    const context = new TurnContext(this, activity);
    setCapabilities(context, VOICE_CAPABILITIES);
    return context;
  }
}

function localeOf(context: TurnContext): string | undefined {
  try {
    return turnLanguage(context).locale;
  } catch {
    // A webhook delivered again gets its recorded answer, in the language it was given in.
    return replayedLocale(context);
  }
}
