import { Activity } from 'botbuilder';
import { z } from 'zod';

/**
 * Ids the Bot Framework channels use are short opaque strings of printable ASCII (Teams' have ":", ";", "@"); anything
 * else (an object, an operator) is refused, and so is a character an HTTP header cannot carry: the conversation id
 * travels back in the reply's x-ms-conversation-id header, where it made the reply throw.
 */
const id = z.string().min(1).max(256).regex(/^[\x20-\x7e]+$/);
const label = z.string().max(256);
const account = z.object({ id, name: label.optional(), role: z.string().max(32).optional() });
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** What the Emulator and Azure's channels post that the bot reads; every other field is dropped. */
const botFrameworkActivity = z.object({
  type: z.enum(['message', 'conversationUpdate', 'event', 'typing', 'endOfConversation']),
  id: id.optional(),
  // A name (emulator, msteams, webchat...): no ":", so the prefixed ids of its own channel cannot be made to collide.
  channelId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  serviceUrl: httpUrl,
  timestamp: z.string().max(64).optional(),
  from: account,
  recipient: account,
  conversation: z.object({ id, name: label.optional(), isGroup: z.boolean().optional(), conversationType: z.string().max(64).optional(), tenantId: id.optional() }),
  replyToId: id.optional(),
  deliveryMode: z.enum(['normal', 'expectReplies']).optional(),
  locale: z.string().max(35).optional(),
  text: z.string().max(5000).optional(),
  name: z.string().max(128).optional(),
  // A button pressed carries the option's id (dialogs/choices.ts); a page's webchat/join event, the browser's language.
  value: z.object({ choice: z.string().max(200).optional(), language: z.string().max(35).optional() }).optional(),
  attachments: z.array(z.object({ contentType: z.string().max(256), contentUrl: httpUrl.optional(), name: label.optional() })).max(10).optional(),
  membersAdded: z.array(account).max(50).optional(),
  membersRemoved: z.array(account).max(50).optional(),
});

/** The activity of a POST /api/messages body, its fields type-checked; undefined when the body is not one. */
export function readBotFrameworkActivity(body: unknown): Partial<Activity> | undefined {
  const parsed = botFrameworkActivity.safeParse(body);
  return parsed.success ? (parsed.data as Partial<Activity>) : undefined;
}
