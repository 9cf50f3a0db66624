import { ActivityTypes } from 'botbuilder';
import { Delivery, OutboxTransport, PermanentSendError } from '../../outbox/OutboxTransport';
import { DirectLineConversations } from './DirectLineConversations';
import { UnreadWebNotices } from './UnreadWebNotices';

/**
 * How the outbox reaches a web chat resident (a case's status change): the message is added to their Direct Line
 * conversation, which their browser reads the next time it connects or polls.
 */
export class DirectLineTransport implements OutboxTransport {
  constructor(
    private readonly conversations: DirectLineConversations,
    /** Kept until the resident writes again, for a browser that comes back in a new conversation. */
    private readonly unread?: UnreadWebNotices,
  ) {}

  async send({ key, to, reference, part }: Delivery): Promise<string | undefined> {
    const conversationId = reference?.conversation?.id;
    if (!conversationId) throw new PermanentSendError('rejected', 'A web chat message needs the conversation it belongs to');
    // Recorded first: a crash after the append leaves a record of a notice that was shown, never a notice not carried over.
    await this.unread?.added(key, to, conversationId, part.text);
    return this.conversations.appendBotActivity(conversationId, { type: ActivityTypes.Message, text: part.text });
  }
}
