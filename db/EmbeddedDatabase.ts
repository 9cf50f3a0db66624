import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedDatabaseOptions {
  /** The FerretDB binary built by scripts/ensure-ferretdb.sh. */
  binary: string;
  /** SQLite files live here; the folder survives restarts. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  startTimeoutMs?: number;
}

/** Told when a supervised database stops on its own and when it is back (see DatabaseStatus). */
export interface SupervisionListener {
  down(reason: string): void;
  up(): void;
  restarted(): void;
}

/** Restart back-off: first delay, doubled per failed start, capped. */
const FIRST_RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 5000;

/** A started child and its end: 'exit' fires once, so whoever asks later (stop after a crash) reads this. */
interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  /** Set once the child has exited, by code or by signal (SIGKILL, OOM killer). */
  ended?: string;
}

/** Runs FerretDB on SQLite as a child process: the default database when MONGODB_URI is not set. */
export class EmbeddedDatabase {
  private running?: Running;
  private port = 0;
  private output = '';
  private supervisor?: SupervisionListener;
  private restartTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: EmbeddedDatabaseOptions) {}

  get uri(): string {
    if (!this.running) throw new Error('The embedded database is not running');
    return `mongodb://127.0.0.1:${this.port}/civicline`;
  }

  async start(): Promise<string> {
    if (!existsSync(this.options.binary)) {
      throw new Error(
        `The embedded database is not built (${this.options.binary} is missing): run "bash scripts/ensure-ferretdb.sh" or set MONGODB_URI.`,
      );
    }
    const dataDir = path.resolve(this.options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    this.stopped = false;
    // A restart keeps the port: the driver reconnects to the same address on its own.
    this.port ||= this.options.port || (await freePort());
    this.output = '';
    const child = spawn(this.options.binary, ['-listen', `127.0.0.1:${this.port}`, '-data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = watch(child);
    this.running = running;
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await this.waitUntilListening(running);
    void running.exited.then(() => this.exitedOnItsOwn(running));
    return this.uri;
  }

  /**
   * Keeps the database running: when it exits without being asked to (killed, crashed), it is started again on the
   * same port and data, with back-off between failed starts, and the listener hears of the outage and the recovery.
   */
  supervise(listener: SupervisionListener): void {
    this.supervisor = listener;
  }

  /** The child's process id while it runs (operators and tests use it to find the process). */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const running = this.running;
    this.running = undefined;
    if (!running || running.ended) return;
    const timer = setTimeout(() => running.child.kill('SIGKILL'), 5000);
    running.child.kill('SIGTERM');
    await running.exited;
    clearTimeout(timer);
  }

  /**
   * For the process's 'exit' event (a crash exits without awaiting anything): tells the child to stop, synchronously.
   * A server killed outright cannot run this: the child then notices its parent is gone and stops by itself.
   */
  stopNow(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    if (this.running && !this.running.ended) this.running.child.kill('SIGTERM');
  }

  private exitedOnItsOwn(running: Running): void {
    if (this.stopped || this.running !== running || !this.supervisor) return;
    const supervisor = this.supervisor;
    supervisor.down(`embedded database exited (${running.ended})`);
    const restart = (delay: number) => {
      this.restartTimer = setTimeout(() => {
        if (this.stopped) return;
        this.start().then(
          () => {
            supervisor.restarted();
            supervisor.up();
          },
          () => restart(Math.min(delay * 2, MAX_RESTART_DELAY_MS)),
        );
      }, delay);
    };
    restart(FIRST_RESTART_DELAY_MS);
  }

  private async waitUntilListening(running: Running): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 20000);
    while (Date.now() < deadline) {
      if (running.ended) {
        throw new Error(`The embedded database exited at start (${running.ended}):\n${this.output}`);
      }
      if (await canConnect(this.port)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    running.child.kill('SIGKILL');
    await running.exited;
    throw new Error(`The embedded database did not start listening within the time limit:\n${this.output}`);
  }
}

/** Records the child's end as it happens, by exit code or by signal. */
function watch(child: ChildProcess): Running {
  const running: Running = {
    child,
    exited: new Promise<void>((resolve) => {
      const end = (how: string) => {
        running.ended ??= how;
        resolve();
      };
      child.once('exit', (code, signal) => end(signal ? `signal ${signal}` : `code ${code}`));
      // Spawning itself failed (e.g. not executable): no 'exit' follows.
      child.once('error', (error) => end(error.message));
    }),
  };
  return running;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
