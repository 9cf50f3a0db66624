import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { round } from './round';

export const SAMPLE_EVERY_MS = 100;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every common platform). */
const CLOCK_TICKS_PER_SECOND = 100;

export interface MemoryReport {
  /** Highest VmRSS of the node server seen by sampling, in MB; null where /proc is not available. */
  serverPeakRssMb: number | null;
  /** The kernel's high-water mark of the node server's RSS (VmHWM), in MB. */
  serverVmHwmMb: number | null;
  /** Highest summed VmRSS of the server's child processes (the embedded FerretDB), in MB. */
  databasePeakRssMb: number | null;
  samples: number;
}

export interface MemorySampler {
  /** Stops sampling and reads VmHWM: call while the server is still running. */
  finish(): MemoryReport;
}

export interface CpuSnapshot {
  server: number;
  database: number;
}

export interface CpuReport {
  /** CPU seconds (user + system) used during the conversations, by the node server and by its children. */
  serverSeconds: number | null;
  databaseSeconds: number | null;
  /** Share of the machine's CPUs both used together over the wall time, in percent. */
  machinePercent: number | null;
}

/** Samples the server's memory; every child process seen is added to childPids, to clean up after a hard kill. */
export function startMemorySampler(pid: number, childPids: Set<number>): MemorySampler {
  let serverPeakKb: number | null = null;
  let databasePeakKb: number | null = null;
  let samples = 0;
  const sample = () => {
    const rss = statusField(pid, 'VmRSS');
    if (rss === null) return;
    samples++;
    serverPeakKb = Math.max(serverPeakKb ?? 0, rss);
    const children = childrenOf(pid);
    children.forEach((child) => childPids.add(child));
    if (children.length > 0) {
      const total = children.reduce((sum, child) => sum + (statusField(child, 'VmRSS') ?? 0), 0);
      databasePeakKb = Math.max(databasePeakKb ?? 0, total);
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    finish: () => {
      clearInterval(timer);
      sample();
      return { serverPeakRssMb: toMb(serverPeakKb), serverVmHwmMb: toMb(statusField(pid, 'VmHWM')), databasePeakRssMb: toMb(databasePeakKb), samples };
    },
  };
}

export function cpuSnapshot(pid: number): CpuSnapshot | null {
  const server = cpuSecondsOf(pid);
  if (server === null) return null;
  return { server, database: childrenOf(pid).reduce((sum, child) => sum + (cpuSecondsOf(child) ?? 0), 0) };
}

export function cpuReport(before: CpuSnapshot | null, after: CpuSnapshot | null, wallMs: number): CpuReport {
  if (!before || !after) return { serverSeconds: null, databaseSeconds: null, machinePercent: null };
  const server = after.server - before.server;
  const database = after.database - before.database;
  return {
    serverSeconds: round(server, 2),
    databaseSeconds: round(database, 2),
    machinePercent: round(((server + database) / (wallMs / 1000) / os.cpus().length) * 100, 0),
  };
}

/** A /proc file's text, or null where the process (or /proc) is gone. */
export function readProc(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** A "kB" line of /proc/<pid>/status, or null. */
function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readProc(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) : null;
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15; the command name before them may hold spaces). */
function cpuSecondsOf(pid: number): number | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Process ids of a process's direct children (the server's embedded FerretDB). */
export function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const pids = tasks.flatMap((task) => (readProc(`/proc/${pid}/task/${task}/children`) ?? '').split(' ').filter(Boolean).map(Number));
  return [...new Set(pids)];
}

function toMb(kb: number | null): number | null {
  return kb === null ? null : round(kb / 1024, 1);
}
