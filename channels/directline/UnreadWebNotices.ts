import { ActivityTypes } from 'botbuilder';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicateKey';
import { DirectLineConversations } from './DirectLineConversations';

/** A notice added to a web resident's conversation that they have not answered yet (`_id`: the outbox key). */
interface UnreadNotice {
  _id: string;
  userId: string;
  conversationId: string;
  text: string;
  at: Date;
}

/**
 * Notices (status changes, public notes) added to a web resident's conversation while the page was closed. A
 * browser that comes back after its token expired starts a new conversation (same resident key, same web user):
 * what they have not seen is added to it first, so the notice is "shown at their next visit" either way. A message
 * from the resident in any conversation counts as having seen them.
 */
export class UnreadWebNotices {
  private readonly unread: Model<UnreadNotice>;

  constructor(
    connection: Connection,
    private readonly conversations: DirectLineConversations,
  ) {
    this.unread =
      connection.models.webNoticesUnread ??
      connection.model<UnreadNotice>(
        'webNoticesUnread',
        new Schema<UnreadNotice>({ _id: String, userId: String, conversationId: String, text: String, at: Date }, { versionKey: false }),
        'webNoticesUnread',
      );
  }

  async added(key: string, userId: string, conversationId: string, text: string): Promise<void> {
    try {
      await this.unread.create({ _id: key, userId, conversationId, text, at: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** A new conversation of a returning resident: the notices they missed, oldest first, then they count as shown. */
  async carryInto(conversationId: string, userId: string): Promise<void> {
    const missed = await this.unread.find({ userId }).sort({ at: 1 }).lean();
    for (const notice of missed) {
      if (notice.conversationId === conversationId) continue;
      await this.conversations.appendBotActivity(conversationId, { type: ActivityTypes.Message, text: notice.text });
      await this.unread.deleteOne({ _id: notice._id });
    }
  }

  /** Retention: notices a resident never came back for (web conversations idle as long are forgotten too). */
  async deleteBefore(cutoff: Date): Promise<number> {
    return (await this.unread.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  }

  /** The resident wrote: they have had the chance to read what came before. */
  async seen(userId: string): Promise<void> {
    await this.unread.deleteMany({ userId });
  }
}
