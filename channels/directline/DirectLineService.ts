import { Activity, ActivityTypes, Attachment, TurnContext } from 'botbuilder';
import { withClientAddress } from '../clientAddress';
import { RefusedUpload } from '../refusedUploads';
import { DirectLineAdapter } from './DirectLineAdapter';
import { DirectLineConversations, WEB_BOT, WEBCHAT_CHANNEL_ID, webUser } from './DirectLineConversations';
import { DirectLineTokens, IssuedToken, TokenGrant, newConversationId, newWebUserId } from './DirectLineTokens';
import { ResidentKeys } from './ResidentKeys';
import { ClientActivityIds } from './ClientActivityIds';
import { WebChatTurns } from './WebChatTurns';
import { WebChatTurnsOwed } from './WebChatTurnsOwed';
import { ClientActivityCheck, fromClient } from './webActivity';
import { UnreadWebNotices } from './UnreadWebNotices';

export interface DirectLineServiceOptions {
  tokens: DirectLineTokens;
  conversations: DirectLineConversations;
  adapter: DirectLineAdapter;
  residentKeys: ResidentKeys;
  /** Each accepted message is owed an answer, recorded before the POST is answered. */
  owed: WebChatTurnsOwed;
  webTurns: WebChatTurns;
  /** Web Chat's own message ids: a message sent again after a timeout is not a second message. */
  clientIds: ClientActivityIds;
  logic: (context: TurnContext) => Promise<void>;
  /** Turns run after the HTTP answer; shutdown waits for them. */
  turns: { track(work: Promise<unknown>): void };
  log: (message: string, error?: unknown) => void;
  /** Notices a returning resident missed are added to their new conversation; their messages mark them seen. */
  unread?: UnreadWebNotices;
}

export type Accepted = { id: string } | { error: string };

/** What an upload brought: photos already in the store, and files refused (the bot explains them). */
export interface UploadedPhotos {
  attachments: Attachment[];
  refused: RefusedUpload[];
}

/** What the Direct Line routes do, apart from HTTP: conversations, residents' activities, their turns. */
export class DirectLineService {
  constructor(private readonly options: DirectLineServiceOptions) {}

  get tokens(): DirectLineTokens {
    return this.options.tokens;
  }

  get conversations(): DirectLineConversations {
    return this.options.conversations;
  }

  /**
   * A new conversation for the page's token endpoint. A browser that kept its resident key is the same web user
   * as before (its reports, its language); anyone else becomes a new one.
   */
  async startConversation(residentKey: string | undefined): Promise<IssuedToken & { residentKey: string }> {
    const known = await this.options.residentKeys.userOf(residentKey);
    const userId = known ?? newWebUserId();
    const conversationId = newConversationId();
    await this.options.conversations.create(conversationId, userId);
    if (known) await this.options.unread?.carryInto(conversationId, known);
    // As Azure does: the bot hears that it and the user joined (it says nothing; the page's join event greets).
    this.runTurn({
      type: ActivityTypes.ConversationUpdate,
      id: `${conversationId}|start`,
      channelId: WEBCHAT_CHANNEL_ID,
      from: webUser(userId),
      recipient: WEB_BOT,
      conversation: { id: conversationId },
      membersAdded: [WEB_BOT, webUser(userId)],
      timestamp: new Date(),
    } as Activity);
    const key = known && residentKey ? residentKey : await this.options.residentKeys.issue(userId);
    return { ...this.options.tokens.issue({ conversationId, userId }), residentKey: key };
  }

  /**
   * Stores a resident's activity (their client sees it echoed) and runs its turn after the answer. `clientIp` is
   * the server's view of the sender's address (limits count per address), stamped over anything the client sent.
   */
  async accept(grant: TokenGrant, raw: unknown, uploaded: UploadedPhotos = { attachments: [], refused: [] }, clientIp?: string): Promise<Accepted> {
    const { attachments, refused } = uploaded;
    const checked: ClientActivityCheck = fromClient(raw, grant, attachments);
    if ('error' in checked) return checked;
    if ('ignored' in checked) return { id: '' };
    const clientActivityId = clientActivityIdOf(checked.activity.channelData);
    if (clientActivityId) {
      // Sent again after a POST that timed out: the first is stored and its turn owed; answer with its id.
      const earlier = await this.options.clientIds.claim(grant.conversationId, clientActivityId);
      if (earlier) return { id: earlier };
    }
    checked.activity.channelData = withClientAddress(checked.activity.channelData, clientIp);
    const { activity, id } = await this.options.conversations.append(grant.conversationId, checked.activity);
    if (activity.type === ActivityTypes.Message) await this.options.unread?.seen(grant.userId);
    if (clientActivityId) await this.options.clientIds.stored(grant.conversationId, clientActivityId, id);
    // Owed before it is acknowledged: a process that dies now leaves the record for another one to answer.
    const turn = await this.options.owed.owe(id, grant.conversationId, refused);
    this.options.turns.track(this.options.webTurns.answerInOrder(turn));
    return { id };
  }

  /** The conversation's start: nothing to show the resident, nothing owed. */
  private runTurn(activity: Activity): void {
    this.options.turns.track(
      this.options.adapter
        .processActivity({ activity }, this.options.logic)
        .catch((error: unknown) => this.options.log(`Web chat turn failed in conversation ${activity.conversation.id}`, error)),
    );
  }
}

/** Web Chat's id for a message it sent (a string it chose), if the client sent one. */
function clientActivityIdOf(channelData: unknown): string | undefined {
  const id = (channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}
