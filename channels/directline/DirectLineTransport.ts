import { ActivityTypes } from 'botbuilder';
import { Delivery, OutboxTransport, PermanentSendError } from '../../outbox/OutboxTransport';
import { DirectLineConversations } from './DirectLineConversations';

/**
 * How the outbox reaches a web chat resident (a case's status change): the message is added to their Direct Line
 * conversation, which their browser reads the next time it connects or polls.
 */
export class DirectLineTransport implements OutboxTransport {
  constructor(private readonly conversations: DirectLineConversations) {}

  async send({ reference, part }: Delivery): Promise<string | undefined> {
    const conversationId = reference?.conversation?.id;
    if (!conversationId) throw new PermanentSendError('rejected', 'A web chat message needs the conversation it belongs to');
    return this.conversations.appendBotActivity(conversationId, { type: ActivityTypes.Message, text: part.text });
  }
}
