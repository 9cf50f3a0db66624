import { setTimeout as sleep } from 'node:timers/promises';
import { TurnContext } from 'botbuilder';
import { isTransientFailure } from '../../db/transientFailure';
import { DirectLineAdapter, TurnFailed } from './DirectLineAdapter';
import { DirectLineConversations } from './DirectLineConversations';
import { OwedTurn, WebChatTurnsOwed } from './WebChatTurnsOwed';

export interface WebChatTurnsOptions {
  adapter: DirectLineAdapter;
  conversations: DirectLineConversations;
  owed: WebChatTurnsOwed;
  logic: (context: TurnContext) => Promise<void>;
  /** The honest "please send that again", in the resident's language, once every attempt failed. */
  turnFailed: TurnFailed;
  /** Pauses between attempts at a turn that failed on I/O (a database restart takes about a second). */
  retryPausesMs?: number[];
  log: (message: string, error?: unknown) => void;
}

const RETRY_PAUSES_MS = [200, 500, 1000, 2000, 3000];

/**
 * Runs the turns owed to web chat residents, exactly once each: under the owed record's lease, an I/O failure runs
 * the turn again from the state before it (the journal answers a turn whose commit did land), and only when every
 * attempt failed is the resident told to send it again. The record is settled once an answer is shown; a process
 * that dies first leaves it to `recover`, in any process.
 */
export class WebChatTurns {
  private readonly pauses: number[];

  constructor(private readonly options: WebChatTurnsOptions) {
    this.pauses = options.retryPausesMs ?? RETRY_PAUSES_MS;
  }

  /**
   * A new message of a conversation where an earlier one was left unanswered by a dead process: the earlier one is
   * answered first, so messages are applied in the order they were sent.
   */
  async answerInOrder(turn: OwedTurn): Promise<void> {
    const lease = this.options.owed.holdLease(turn); // this one stays ours meanwhile
    try {
      const earlier = (await this.options.owed.abandoned(turn.conversationId).catch(() => [])).filter((id) => id < turn.activityId);
      for (const id of earlier) {
        const taken = await this.options.owed.takeOver(id).catch(() => undefined);
        if (taken) await this.answer(taken);
      }
    } finally {
      await lease.stop();
    }
    await this.answer(turn);
  }

  /** Answers one owed turn held by this process; resolves when it is settled (or left for recovery). */
  async answer(turn: OwedTurn): Promise<void> {
    const { owed, conversations, adapter, logic, log } = this.options;
    const lease = owed.holdLease(turn);
    try {
      const stored = await conversations.find(turn.activityId);
      if (!stored) {
        await owed.settle(turn.activityId);
        return;
      }
      for (let attempt = 0; ; attempt++) {
        if (lease.lost) return; // another process took the turn over (this one was too slow): it answers
        const last = attempt >= this.pauses.length;
        try {
          await adapter.processActivity(stored, logic, turn.refused, last ? this.options.turnFailed : undefined);
          break;
        } catch (error) {
          if (last) throw error;
          // A fault that is not I/O (resetting the conversation failed too) will not heal: the last attempt tells the resident.
          if (isTransientFailure(error)) await sleep(this.pauses[attempt]);
          else attempt = this.pauses.length - 1;
        }
      }
      await owed.settle(turn.activityId);
    } catch (error) {
      // Nothing could be shown (the database is out of reach): the record stays, and `recover` answers it later.
      log(`Web chat turn ${turn.activityId} left for recovery`, error);
    } finally {
      await lease.stop();
    }
  }

  /** Turns whose handler died (crash, kill, lost database): taken over one by one, each by one process only. */
  async recover(): Promise<number> {
    let answered = 0;
    for (const id of await this.options.owed.abandoned()) {
      const turn = await this.options.owed.takeOver(id);
      if (!turn) continue;
      await this.answer(turn);
      answered++;
    }
    return answered;
  }
}
