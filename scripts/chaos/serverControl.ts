import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_TOKEN, CITY_NUMBER } from '../bench/constants';
import { childrenOf, readProc } from '../bench/processStats';
import { killLeftovers, ServerProcess, ServerSettings, startServer, stopProcess, waitUntilHealthy } from '../bench/serverUnderTest';
import { sendSms } from '../smsClient';

/** A question any healthy server answers at once: used to time when a restarted server answers again. */
const PROBE = { text: 'how do I license my dog?', answer: /Every dog over 12 weeks/ };
/** Each probe texts from a number of its own, so probes never queue behind one another on one conversation. */
let probes = 0;
const probePhone = () => `+1289556${String(probes++ % 10_000).padStart(4, '0')}`;

export interface Restart {
  /** From the new process being started (or the database being killed) to /healthz answering 200. */
  toHealthyMs: number;
  /** From the same moment to the first real answer to a text; null when none came within a minute. */
  toAnswerMs: number | null;
}

/** The real server (node) with its embedded database, which the chaos run kills and restarts. */
export class ServerUnderChaos {
  private readonly pidsSeen = new Set<number>();

  private constructor(
    private server: ServerProcess,
    private readonly settings: ServerSettings,
  ) {}

  static async start(settings: ServerSettings): Promise<ServerUnderChaos> {
    const started = new ServerUnderChaos(startServer(settings), settings);
    await waitUntilHealthy(started.server);
    started.noteChildren();
    return started;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  logTail(): string[] {
    return this.server.logTail();
  }

  /** The embedded FerretDB the server runs now. */
  databasePid(): number | undefined {
    this.noteChildren();
    return childrenOf(this.server.pid).find((pid) => readProc(`/proc/${pid}/cmdline`)?.includes('ferretdb'));
  }

  /** Where that database listens (it moves to a new port when the server itself restarts). */
  databaseUri(): string {
    const pid = this.databasePid();
    const listen = /-listen\0([^\0]+)/.exec(readProc(`/proc/${pid}/cmdline`) ?? '')?.[1];
    if (!listen) throw new Error('The server runs no embedded database');
    return `mongodb://${listen}/civicline`;
  }

  /** SIGKILL, as the OOM killer or a power cut would: the node process alone, or with its database. */
  async kill(withDatabase: boolean): Promise<void> {
    const database = this.databasePid();
    const exited = new Promise<void>((resolve) => this.server.child.once('exit', () => resolve()));
    this.server.child.kill('SIGKILL');
    if (withDatabase && database) process.kill(database, 'SIGKILL');
    await exited;
  }

  /** Starts the server again on the same port and data, as a process supervisor would, and times its recovery. */
  async restart(): Promise<Restart> {
    const started = Date.now();
    this.server = startServer(this.settings);
    await waitUntilHealthy(this.server);
    const toHealthyMs = Date.now() - started;
    this.noteChildren();
    return { toHealthyMs, toAnswerMs: await this.firstAnswerAfter(started) };
  }

  /** SIGKILL of the embedded database alone; the server's supervisor restarts it. */
  async killDatabase(): Promise<Restart> {
    const pid = this.databasePid();
    if (!pid) throw new Error('No embedded database to kill');
    const killed = Date.now();
    process.kill(pid, 'SIGKILL');
    await sleep(20);
    await waitUntilHealthy(this.server);
    const toHealthyMs = Date.now() - killed;
    this.noteChildren();
    return { toHealthyMs, toAnswerMs: await this.firstAnswerAfter(killed) };
  }

  async stop(): Promise<void> {
    await stopProcess(this.server.child);
    killLeftovers(this.pidsSeen, this.settings.dataDir);
  }

  /** Cleanup after anything: every database process ever started for this run is ended. */
  killLeftovers(): void {
    this.noteChildren();
    if (this.server.child.exitCode === null) this.server.child.kill('SIGKILL');
    killLeftovers(this.pidsSeen, this.settings.dataDir);
  }

  private noteChildren(): void {
    for (const pid of childrenOf(this.server.pid)) this.pidsSeen.add(pid);
  }

  /** How long after `since` the probe question first gets its real answer (a new resident each try), or null. */
  private async firstAnswerAfter(since: number): Promise<number | null> {
    for (const giveUp = Date.now() + 60_000; Date.now() < giveUp; ) {
      const sms = { webhookUrl: `${this.baseUrl}/twilio/sms`, authToken: AUTH_TOKEN, from: probePhone(), to: CITY_NUMBER };
      const reply = await Promise.race([sendSms(sms, PROBE.text).catch(() => null), sleep(3000).then(() => null)]);
      if (reply && PROBE.answer.test(reply.replies.join(' '))) return Date.now() - since;
      await sleep(50);
    }
    return null;
  }
}
