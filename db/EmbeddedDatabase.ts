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
    this.port = this.options.port || (await freePort());
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
    return this.uri;
  }

  /** The child's process id while it runs (operators and tests use it to find the process). */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running || running.ended) return;
    const timer = setTimeout(() => running.child.kill('SIGKILL'), 5000);
    running.child.kill('SIGTERM');
    await running.exited;
    clearTimeout(timer);
  }

  private async waitUntilListening(running: Running): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 20000);
    while (Date.now() < deadline) {
      if (running.ended) {
        throw new Error(`The embedded database exited at start (${running.ended}):\n${this.output}`);
      }
      if (await canConnect(this.port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.stop();
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
