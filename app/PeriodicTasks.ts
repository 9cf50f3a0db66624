interface Task {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

/**
 * Background work of a server process on timers (late-reply recovery, owed notices, retention). A task never
 * overlaps itself; a failure is logged and the task runs again at its next tick. Each task is safe to run in every
 * process at once: they coordinate through the database, not here.
 */
export class PeriodicTasks {
  private readonly tasks: Task[] = [];
  private stopped = false;

  constructor(private readonly log: (message: string, error?: unknown) => void) {}

  every(name: string, everyMs: number, run: () => Promise<unknown>): this {
    this.tasks.push({ name, everyMs, run });
    return this;
  }

  /** Runs a task now, outside its schedule (work just arrived); a run under way is not doubled. */
  runNow(name: string): void {
    const task = this.tasks.find((t) => t.name === name);
    if (task) this.tick(task);
  }

  start(): void {
    for (const task of this.tasks) {
      task.timer = setInterval(() => this.tick(task), task.everyMs);
      task.timer.unref();
    }
  }

  /** Stops the timers and waits for runs under way (up to graceMs). */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks) clearInterval(task.timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.tasks.map((t) => t.running)),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }

  private tick(task: Task): void {
    if (this.stopped || task.running) return;
    task.running = task
      .run()
      .then(
        () => undefined,
        (error: unknown) => this.log(`Background task "${task.name}" failed (it runs again shortly)`, error),
      )
      .finally(() => (task.running = undefined));
  }
}
