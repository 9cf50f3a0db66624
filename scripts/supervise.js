#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Runs the server and starts it again if it dies: `node scripts/supervise.js node dist/server.js`.
 *
 * - The server runs in a process group of its own, with the embedded database (its child) in it: when the server
 *   dies, whatever is left of its group is stopped before the next start, so no orphaned FerretDB keeps the data
 *   files and the new server starts a fresh one.
 * - Restarts back off (0.5 s, doubling, at most 30 s; back to 0.5 s after a minute of running).
 * - SIGINT and SIGTERM are passed to the server, which shuts down cleanly; the supervisor then exits with it.
 * - It stops, without restarting, when the server exits cleanly (0) or with the configuration exit code (78: invalid
 *   settings or a port in use, which a restart cannot fix), and exits with the same code.
 *
 * Plain JavaScript, so it runs before and without any build step.
 */
const { spawn } = require('node:child_process');

const EXIT_CONFIG = 78;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** A server that ran this long before dying was healthy: the next restart is quick again. */
const HEALTHY_RUN_MS = 60_000;
/** How long what is left of a dead server's group gets to stop on SIGTERM before SIGKILL. */
const SWEEP_GRACE_MS = 5_000;

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/supervise.js <command> [args...]');
  process.exit(2);
}

/** @type {import('node:child_process').ChildProcess | undefined} */
let child;
/** @type {NodeJS.Signals | undefined} */
let stopping;
let stoppingAt = 0;
let delay = FIRST_DELAY_MS;
/** @type {NodeJS.Timeout | undefined} */
let restartTimer;

/** @param {string} message */
function say(message) {
  console.error(`[supervisor] ${message}`);
}

function start() {
  const startedAt = Date.now();
  const server = spawn(command, args, { stdio: 'inherit', detached: true });
  child = server;
  server.once('error', (error) => say(`could not start ${command}: ${error.message}`));
  server.once('exit', (code, signal) => void ended(server, startedAt, code, signal));
  if (server.pid !== undefined) say(`server started (pid ${server.pid})`);
}

/**
 * @param {import('node:child_process').ChildProcess} server
 * @param {number} startedAt
 * @param {number | null} code
 * @param {NodeJS.Signals | null} signal
 */
async function ended(server, startedAt, code, signal) {
  child = undefined;
  if (server.pid !== undefined) await sweepGroup(server.pid);
  if (stopping) process.exit(code ?? 0);
  if (code === 0 || code === EXIT_CONFIG) {
    say(code === 0 ? 'server exited cleanly: not restarting' : 'server stopped on its configuration (exit 78): not restarting');
    process.exit(code);
  }
  if (Date.now() - startedAt >= HEALTHY_RUN_MS) delay = FIRST_DELAY_MS;
  say(`server died (${signal ? `signal ${signal}` : `exit ${code}`}): restarting in ${(delay / 1000).toFixed(1)} s`);
  restartTimer = setTimeout(start, delay);
  delay = Math.min(delay * 2, MAX_DELAY_MS);
}

/**
 * Stops what is left in a dead server's process group (its embedded database), waiting until it is gone.
 * @param {number} group
 */
async function sweepGroup(group) {
  if (!signalGroup(group, 'SIGTERM')) return;
  const deadline = Date.now() + SWEEP_GRACE_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (!signalGroup(group, 0)) return;
  }
  signalGroup(group, 'SIGKILL');
}

/**
 * False once no process of the group is left.
 * @param {number} group
 * @param {NodeJS.Signals | 0} signal
 */
function signalGroup(group, signal) {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

/** @param {NodeJS.Signals} signal */
function forward(signal) {
  if (stopping) {
    // A second Ctrl-C, typed later: no more waiting for a clean shutdown. (npm passes the terminal's SIGINT on too,
    // so the same Ctrl-C can arrive twice at once.)
    if (Date.now() - stoppingAt > 1000 && child?.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    return;
  }
  stopping = signal;
  stoppingAt = Date.now();
  clearTimeout(restartTimer);
  if (!child) process.exit(0);
  say(`${signal}: passing it to the server`);
  child.kill(signal);
}

process.on('SIGINT', () => forward('SIGINT'));
process.on('SIGTERM', () => forward('SIGTERM'));
start();
