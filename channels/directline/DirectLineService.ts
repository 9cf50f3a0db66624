import { randomBytes } from 'node:crypto';
import { Activity, ActivityTypes, Attachment, TurnContext } from 'botbuilder';
import { sniffImageType } from '../../photos/imageType';
import { PhotoStore } from '../../photos/PhotoStore';
import { RefusedUpload } from '../refusedUploads';
import { DirectLineAdapter } from './DirectLineAdapter';
import { DirectLineConversations, WEB_BOT, WEBCHAT_CHANNEL_ID, webUser } from './DirectLineConversations';
import { DirectLineTokens, IssuedToken, TokenGrant, newConversationId, newWebUserId } from './DirectLineTokens';
import { UploadedFile } from './uploads';
import { UnreadWebNotices } from './UnreadWebNotices';
import { ClientActivityCheck, fromClient, photoReference } from './webActivity';

export interface DirectLineServiceOptions {
  tokens: DirectLineTokens;
  conversations: DirectLineConversations;
  adapter: DirectLineAdapter;
  photos: PhotoStore;
  logic: (context: TurnContext) => Promise<void>;
  /** Turns run after the HTTP answer; shutdown waits for them. */
  turns: { track(work: Promise<unknown>): void };
  maxPhotoBytes: number;
  log: (message: string, error?: unknown) => void;
  /** Notices a returning resident missed are added to their new conversation; their messages mark them seen. */
  unread?: UnreadWebNotices;
}

export type Accepted = { id: string } | { error: string };

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
    const known = this.options.tokens.userOfResidentKey(residentKey);
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
    return { ...this.options.tokens.issue({ conversationId, userId }), residentKey: this.options.tokens.residentKeyFor(userId) };
  }

  /** Stores a resident's activity (their client sees it echoed) and runs its turn after the answer. */
  async accept(grant: TokenGrant, raw: unknown, files: UploadedFile[] = []): Promise<Accepted> {
    const { attachments, refused } = await this.keepPhotos(grant, files);
    const checked: ClientActivityCheck = fromClient(raw, grant, attachments);
    if ('error' in checked) return checked;
    if ('ignored' in checked) return { id: '' };
    const { activity, id } = await this.options.conversations.append(grant.conversationId, checked.activity);
    if (activity.type === ActivityTypes.Message) await this.options.unread?.seen(grant.userId);
    this.runTurn(activity, refused);
    return { id };
  }

  private runTurn(activity: Activity, refused: RefusedUpload[] = []): void {
    this.options.turns.track(
      this.options.adapter
        .processActivity(activity, this.options.logic, refused)
        .catch((error: unknown) => this.options.log(`Web chat turn failed in conversation ${activity.conversation.id}`, error)),
    );
  }

  /** Photos only, recognised by their bytes, within the size limit; anything else is explained, not kept. */
  private async keepPhotos(grant: TokenGrant, files: UploadedFile[]): Promise<{ attachments: Attachment[]; refused: RefusedUpload[] }> {
    const attachments: Attachment[] = [];
    const refused: RefusedUpload[] = [];
    const limitMb = Number((this.options.maxPhotoBytes / (1024 * 1024)).toPrecision(2));
    for (const file of files) {
      const type = file.tooLarge ? undefined : sniffImageType(file.bytes);
      if (file.tooLarge || !type) {
        refused.push({ reason: file.tooLarge ? 'tooLarge' : 'notAnImage', limitMb });
        continue;
      }
      const id = `w${randomBytes(16).toString('hex')}`;
      await this.options.photos.save(id, file.bytes, {
        contentType: type,
        owner: { channel: 'webchat', address: grant.userId, conversationId: grant.conversationId },
      });
      attachments.push({ contentType: type, name: file.name.slice(0, 200), contentUrl: photoReference(id) });
    }
    return { attachments, refused };
  }
}
