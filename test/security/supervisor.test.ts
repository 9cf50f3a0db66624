import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../db/EmbeddedDatabase';
import { sendSms } from '../../scripts/smsClient';
import { PROJECT_ROOT } from '../support/paths';
import { CITY_NUMBER, TEST_AUTH_TOKEN } from '../support/testConfig';

/** `npm start`'s supervisor (scripts/supervise.js) around the real server (server.ts), as an operator runs it. */
class Supervised {
  output = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(
    readonly port: number,
    dataDir: string,
    env: Record<string, string> = {},
  ) {
    this.child = spawn(process.execPath, ['scripts/supervise.js', process.execPath, '--import', 'tsx', 'server.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        PUBLIC_BASE_URL: this.baseUrl,
        MONGODB_URI: '',
        FERRETDB_DATA_DIR: dataDir,
        TWILIO_ACCOUNT_SID: 'AC' + 'ab'.repeat(16),
        TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        TWILIO_PHONE_NUMBER: CITY_NUMBER,
        TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child.stderr?.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The pids of the servers the supervisor started, in order. */
  get serverPids(): number[] {
    return [...this.output.matchAll(/server started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  }

  async healthy(): Promise<boolean> {
    return fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
  }
}

/** The processes whose parent is this one (the server's embedded database). */
function childrenOf(pid: number): number[] {
  const tasks = path.join('/proc', String(pid), 'task');
  if (!existsSync(tasks)) return [];
  return readFileSync(path.join(tasks, String(pid), 'children'), 'utf8').split(/\s+/).filter(Boolean).map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting until ${what}`);
}

describe('npm start runs the server under a supervisor', () => {
  it('a server killed outright is started again with a fresh embedded database, and answers again', async () => {
    const supervised = new Supervised(await freePort(), mkdtempSync(path.join(os.tmpdir(), 'civicline-supervised-')));
    try {
      await waitFor('the server answers /healthz', () => supervised.healthy());
      const [firstPid] = supervised.serverPids;
      const [firstDatabase] = childrenOf(firstPid);
      expect(firstDatabase).toBeDefined();
      const resident = { webhookUrl: `${supervised.baseUrl}/twilio/sms`, authToken: TEST_AUTH_TOKEN, to: CITY_NUMBER, from: '+12895557300' };
      expect((await sendSms(resident, 'pothole at 5 Elm St')).replies.join(' ')).toContain('Please check: Pothole at 5 Elm St');

      process.kill(firstPid, 'SIGKILL');
      await waitFor('a second server is started', () => supervised.serverPids.length >= 2);
      // The dead server's database was stopped before the new one started: no orphan holds the data files.
      expect(isAlive(firstDatabase)).toBe(false);
      await waitFor('the new server answers /healthz', () => supervised.healthy());
      const secondPid = supervised.serverPids[1];
      expect(secondPid).not.toBe(firstPid);
      expect(childrenOf(secondPid).length).toBeGreaterThan(0);
      // The conversation survived, in the same data.
      expect((await sendSms(resident, 'yes')).replies.join(' ')).toMatch(/case number is \d{8}/);

      supervised.child.kill('SIGTERM');
      expect(await supervised.exited).toBe(0);
      expect(isAlive(secondPid)).toBe(false);
      expect(supervised.serverPids).toHaveLength(2);
    } finally {
      supervised.child.kill('SIGKILL');
      for (const pid of supervised.serverPids) if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
    }
  }, 150_000);

  it('does not restart a server stopped by its configuration: it exits with the configuration exit code', async () => {
    const supervised = new Supervised(await freePort(), mkdtempSync(path.join(os.tmpdir(), 'civicline-badconfig-')), { DEFAULT_LOCALE: 'xx-not-a-locale', PORT: 'not-a-port' });
    try {
      expect(await supervised.exited).toBe(78);
      expect(supervised.serverPids).toHaveLength(1);
      expect(supervised.output).toContain('Invalid configuration');
    } finally {
      supervised.child.kill('SIGKILL');
    }
  }, 60_000);
});
