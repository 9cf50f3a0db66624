import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../db/EmbeddedDatabase';
import { PROJECT_ROOT } from './paths';
import { CITY_NUMBER, TEST_AUTH_TOKEN } from './testConfig';

/** The real server (server.ts) as a separate process, as an operator runs it, on the embedded database. */
export class ServerProcess {
  private child?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  /** env: settings on top of the test ones (e.g. TWILIO_API_BASE_URL of a fake Twilio). */
  static async create(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    return new ServerProcess(await freePort(), dataDir, env);
  }

  /** Everything the server wrote so far (stdout and stderr). */
  get log(): string {
    return this.output;
  }

  /** True while the server process runs (false once it exited or was killed). */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get smsOptions() {
    return { webhookUrl: `${this.baseUrl}/twilio/sms`, authToken: TEST_AUTH_TOKEN, to: CITY_NUMBER };
  }

  async start(): Promise<void> {
    this.output = '';
    // One process (no tsx wrapper), so signals reach the server itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: String(this.port),
        PUBLIC_BASE_URL: this.baseUrl,
        MONGODB_URI: '',
        FERRETDB_DATA_DIR: this.dataDir,
        TWILIO_ACCOUNT_SID: 'AC' + 'ab'.repeat(16),
        TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        TWILIO_PHONE_NUMBER: CITY_NUMBER,
        // Refused at once unless a test brings its own fake: no test reaches the real Twilio.
        TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child = child;
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Server exited at start:\n${this.output}`);
      const healthy = await fetch(`${this.baseUrl}/healthz`).then((r) => r.ok, () => false);
      if (healthy) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`Server did not become healthy:\n${this.output}`);
  }

  /** SIGTERM is a clean shutdown; SIGKILL is a crash (the database child then stops on its own). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
