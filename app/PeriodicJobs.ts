import { Logger } from './Logger';

/** Background chores every process runs on a timer (sweeps, retries); stopped, and awaited, at shutdown. */
export class PeriodicJobs {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  every(intervalMs: number, name: string, job: () => Promise<unknown>): void {
    const timer = setInterval(() => this.run(name, job), intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  /** Runs a job now, outside its schedule (work just arrived); shutdown waits for it like the others. */
  run(name: string, job: () => Promise<unknown>): void {
    const done: Promise<void> = job().then(
      () => undefined,
      (error: unknown) => this.logger.error(`Background job ${name} failed`, error),
    );
    this.running.add(done);
    void done.then(() => this.running.delete(done));
  }

  async stop(): Promise<void> {
    this.timers.forEach((timer) => clearInterval(timer));
    await Promise.all(this.running);
  }
}
