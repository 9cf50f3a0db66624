import { TurnContext } from 'botbuilder';

const COMMIT_GATE = Symbol('CommitGate');

/** The turn's answer was given up on (the resident was told to send it again): it must not be applied now. */
export class TurnAbandonedError extends Error {
  constructor() {
    super('The turn was abandoned before it could be saved');
  }
}

/**
 * Decides, once, between a turn's commit and its abandonment. A channel that stops waiting for a turn (it tells the
 * resident to send the message again) abandons it: the turn then cannot save its state, so the resent message is
 * applied once. Once a commit has begun, its outcome may already be in the database: abandoning is refused and
 * the channel must wait for (or retry) the turn instead.
 */
export class CommitGate {
  private state: 'open' | 'committing' | 'abandoned' = 'open';

  get abandoned(): boolean {
    return this.state === 'abandoned';
  }

  /** True if the turn may save; from now on it can no longer be abandoned. */
  beginCommit(): boolean {
    if (this.state === 'abandoned') return false;
    this.state = 'committing';
    return true;
  }

  /** True if the turn will never save; false when its commit has already begun. */
  abandon(): boolean {
    if (this.state === 'committing') return false;
    this.state = 'abandoned';
    return true;
  }

  attachTo(context: TurnContext): void {
    context.turnState.set(COMMIT_GATE, this);
  }

  /** The gate of this turn, if its channel gave one (proactive turns and tests may not). */
  static of(context: TurnContext): CommitGate | undefined {
    return context.turnState.get(COMMIT_GATE) as CommitGate | undefined;
  }
}
