/**
 * Keeps a lease alive while its work runs: renews it every `everyMs` (a fraction of the lease), so a short lease
 * never runs out under a live holder, yet a holder that died is taken over within one lease. A renewal that fails
 * (database blip) is simply tried again at the next tick.
 */
export class LeaseRenewal {
  private readonly timer: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private isLost = false;

  /** `renew` resolves to false when the lease is no longer this holder's (taken over while it was too slow). */
  constructor(renew: () => Promise<boolean>, everyMs: number) {
    this.timer = setInterval(() => {
      if (this.inFlight) return;
      this.inFlight = renew().then(
        (held) => {
          if (!held) this.isLost = true;
        },
        () => undefined,
      );
      void this.inFlight.then(() => (this.inFlight = undefined));
    }, everyMs);
    // A renewal alone must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  /** Someone else holds it now: the holder should stop its work rather than do it twice. */
  get lost(): boolean {
    return this.isLost;
  }

  /** Stops renewing; resolves once a renewal under way has landed, so it cannot follow the release. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }
}
