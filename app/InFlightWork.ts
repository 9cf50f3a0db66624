/**
 * Work under way that shutdown should let finish before the database closes: deliveries being answered, and turns
 * that outlived their webhook and still have to queue their replies in the outbox.
 */
export class InFlightWork {
  private readonly pending = new Set<Promise<void>>();

  /** Failures are the work's own business (it logs them); here only completion matters. */
  track(work: Promise<unknown>): void {
    const settled: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  get size(): number {
    return this.pending.size;
  }

  /** Waits for everything tracked, including work tracked meanwhile; true if it all finished in time. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      });
      await Promise.race([Promise.all(this.pending), timeout]);
      clearTimeout(timer);
    }
    return true;
  }
}
