import { Activity, ChannelAccount } from 'botbuilder';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicateKey';

interface ConversationDoc {
  _id: string;
  userId: string;
  /** Where the next append starts looking. Only a hint: the unique activity _id decides (see append). */
  nextSeq: number;
  createdAt: Date;
}

interface ActivityDoc {
  _id: string;
  conversationId: string;
  seq: number;
  /** The activity as JSON text: client activities may hold keys FerretDB cannot store ("$...", "a.b"). */
  json: string;
  at: Date;
  /** For the bot's answer to a resident's activity: that activity's id (so a recovered turn never shows it twice). */
  turn?: string;
}

export interface ActivityPage {
  activities: Activity[];
  /** The sequence number of the last activity returned (or the one asked after, when none is new). */
  watermark: number;
}

/** The bot's own account in every web conversation. */
export const WEB_BOT: ChannelAccount = { id: 'civicline', name: 'CivicLine', role: 'bot' };
export const WEBCHAT_CHANNEL_ID = 'webchat';

export function webUser(id: string, name = ''): ChannelAccount {
  return { id, name, role: 'user' };
}

const MAX_PAGE = 50;

/**
 * Direct Line conversations and their activities, in the database so that every process serves every
 * conversation. Activity n of conversation c has the _id "c|000000n": appends claim the next number by
 * inserting it (the one atomic operation on FerretDB), so numbers never repeat and never leave a gap, and
 * readers find what is new with plain _id look-ups.
 */
export class DirectLineConversations {
  private readonly conversations: Model<ConversationDoc>;
  private readonly activities: Model<ActivityDoc>;

  constructor(connection: Connection) {
    this.conversations =
      connection.models.directLineConversations ??
      connection.model<ConversationDoc>(
        'directLineConversations',
        new Schema<ConversationDoc>({ _id: String, userId: String, nextSeq: Number, createdAt: Date }, { versionKey: false }),
        'directLineConversations',
      );
    this.activities =
      connection.models.directLineActivities ??
      connection.model<ActivityDoc>(
        'directLineActivities',
        new Schema<ActivityDoc>({ _id: String, conversationId: String, seq: Number, json: String, at: Date, turn: String }, { versionKey: false }),
        'directLineActivities',
      );
  }

  async create(conversationId: string, userId: string): Promise<void> {
    await this.conversations.create({ _id: conversationId, userId, nextSeq: 1, createdAt: new Date() });
  }

  async exists(conversationId: string): Promise<boolean> {
    return (await this.conversations.exists({ _id: conversationId })) !== null;
  }

  /** Stores an activity as the conversation's next one; returns it with its id, timestamp and sequence number. */
  async append(conversationId: string, activity: Partial<Activity>, turn?: string): Promise<{ activity: Activity; id: string; seq: number }> {
    const conversation = await this.conversations.findById(conversationId).lean();
    if (!conversation) throw new Error(`No Direct Line conversation ${conversationId}`);
    const at = new Date();
    for (let seq = Math.max(1, conversation.nextSeq); ; seq++) {
      const id = activityId(conversationId, seq);
      const stored = {
        ...activity,
        id,
        timestamp: at.toISOString(),
        channelId: WEBCHAT_CHANNEL_ID,
        conversation: { id: conversationId },
      } as unknown as Activity;
      try {
        await this.activities.create({ _id: id, conversationId, seq, json: JSON.stringify(stored), at, ...(turn ? { turn } : {}) });
      } catch (error) {
        if (isDuplicateKey(error)) continue; // another writer took this number: the next one is free or taken too
        throw error;
      }
      // A lost or late hint update only costs the next writer one more insert attempt.
      await this.conversations.updateOne({ _id: conversationId }, { $max: { nextSeq: seq + 1 } });
      return { activity: stored, id, seq };
    }
  }

  /**
   * Adds a message from the bot to a web conversation outside any turn (proactive notifications): the resident
   * sees it on an open chat within the polling interval, or in the history when they come back.
   */
  async appendBotActivity(conversationId: string, activity: Partial<Activity>): Promise<string> {
    const conversation = await this.conversations.findById(conversationId).lean();
    if (!conversation) throw new Error(`No Direct Line conversation ${conversationId}`);
    const message: Partial<Activity> = { ...activity, from: WEB_BOT, recipient: webUser(conversation.userId) };
    delete message.replyToId;
    return (await this.append(conversationId, message)).id;
  }

  /** A stored activity by its id, with its sequence number (a turn recovered after a crash starts from it). */
  async find(activityId: string): Promise<{ activity: Activity; seq: number } | undefined> {
    const found = await this.activities.findById(activityId).lean();
    return found ? { activity: JSON.parse(found.json) as Activity, seq: found.seq } : undefined;
  }

  /**
   * Shows a turn's answer: appends those of its replies not already stored after the resident's activity. Replies
   * are appended in order under the turn's lease, so an answer shown in part before a crash is completed, never
   * repeated; a turn already answered otherwise (its "please send that again") gets nothing more.
   */
  async appendTurnReplies(conversationId: string, turn: string, afterSeq: number, replies: Partial<Activity>[]): Promise<string[]> {
    const shown: string[] = [];
    for (let seq = afterSeq + 1; ; seq++) {
      const found = await this.activities.findById(activityId(conversationId, seq), { turn: 1, json: 1 }).lean();
      if (!found) break;
      if (found.turn === turn) shown.push((JSON.parse(found.json) as Activity).text ?? '');
    }
    if (shown.some((text, i) => text !== (replies[i]?.text ?? ''))) return [];
    const ids: string[] = [];
    for (const reply of replies.slice(shown.length)) ids.push((await this.append(conversationId, reply, turn)).id);
    return ids;
  }

  /** Activities after the watermark, oldest first, at most a page of them. */
  async activitiesAfter(conversationId: string, watermark: number, limit = MAX_PAGE): Promise<ActivityPage> {
    const activities: Activity[] = [];
    let last = watermark;
    while (activities.length < limit) {
      const found = await this.activities.findById(activityId(conversationId, last + 1)).lean();
      if (!found) break;
      activities.push(JSON.parse(found.json) as Activity);
      last = found.seq;
    }
    return { activities, watermark: last };
  }
}

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** A watermark as clients send it back: our own sequence number, or 0 (everything) for anything else. */
export function parseWatermark(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  return Number.isSafeInteger(n) ? n : 0;
}
