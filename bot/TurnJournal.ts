import { Activity, ActivityTypes, BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { turnLanguage } from '../i18n/TurnLanguage';

/** What a reply looks like to the resident; ids and addresses are the channel's business at replay time. */
type RecordedReply = Pick<Partial<Activity>, 'type' | 'text' | 'speak' | 'inputHint' | 'attachments' | 'attachmentLayout' | 'suggestedActions' | 'textFormat'>;

interface JournalEntry {
  /** The incoming activity's id: Twilio's MessageSid for a text. */
  id: string;
  replies: RecordedReply[];
  /** The language the turn ended in: a call's replayed answer is spoken in the same voice. */
  locale?: string;
}

const RECORDING = Symbol('TurnJournalRecording');
const REPLAYED_LOCALE = Symbol('TurnJournalReplayedLocale');

/** The language of an answer replayed from the journal on this turn (no language is chosen on a replay). */
export function replayedLocale(context: TurnContext): string | undefined {
  return context.turnState.get(REPLAYED_LOCALE) as string | undefined;
}

/**
 * The answers of a conversation's last few turns, kept in conversation state itself: the same single write saves a
 * turn's new dialog state and its answer. A channel delivering the same message again (Twilio retrying a
 * MessageSid after a crash) then gets the answer it was given, instead of the message being applied twice.
 */
export class TurnJournal {
  private readonly entries: StatePropertyAccessor<JournalEntry[]>;

  constructor(
    conversationState: BotState,
    /** Twilio retries within seconds to minutes; by then a resident has rarely sent more than one newer message. */
    private readonly size = 2,
  ) {
    this.entries = conversationState.createProperty<JournalEntry[]>('turnJournal');
  }

  /** Sends the recorded answer again when this activity was handled before; true if it was. */
  async replay(context: TurnContext): Promise<boolean> {
    const id = context.activity.id;
    if (!id) return false;
    const entry = (await this.entries.get(context))?.find((e) => e.id === id);
    if (!entry) return false;
    if (entry.locale) context.turnState.set(REPLAYED_LOCALE, entry.locale);
    if (entry.replies.length > 0) await context.sendActivities(entry.replies);
    return true;
  }

  /** Starts (or starts again) keeping what this turn says. */
  record(context: TurnContext): void {
    const existing = context.turnState.get(RECORDING) as RecordedReply[] | undefined;
    if (existing) {
      existing.length = 0;
      return;
    }
    const replies: RecordedReply[] = [];
    context.turnState.set(RECORDING, replies);
    context.onSendActivities(async (_ctx, activities, next) => {
      replies.push(...activities.filter((a) => a.type === ActivityTypes.Message).map(recorded));
      return next();
    });
  }

  /** Adds this turn's answer to the conversation state about to be saved, keeping the newest few. */
  async seal(context: TurnContext): Promise<void> {
    const id = context.activity.id;
    const replies = context.turnState.get(RECORDING) as RecordedReply[] | undefined;
    if (!id || !replies) return;
    const entries = ((await this.entries.get(context)) ?? []).filter((e) => e.id !== id);
    entries.push({ id, replies: [...replies], ...localeOf(context) });
    await this.entries.set(context, entries.slice(-this.size));
  }
}

function localeOf(context: TurnContext): { locale?: string } {
  try {
    return { locale: turnLanguage(context).locale };
  } catch {
    return {}; // the turn failed before choosing a language
  }
}

function recorded(activity: Partial<Activity>): RecordedReply {
  const { type, text, speak, inputHint, attachments, attachmentLayout, suggestedActions, textFormat } = activity;
  // JSON round trip: only plain data goes into the state document.
  return JSON.parse(JSON.stringify({ type, text, speak, inputHint, attachments, attachmentLayout, suggestedActions, textFormat })) as RecordedReply;
}
