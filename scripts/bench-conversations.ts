/**
 * Scripted residents over signed webhooks against the real server: each has a goal (a case at a place, an
 * answer, 911, a person) and a way of typing, and answers whatever the bot asks. Prints the share of right
 * outcomes and the mean texts per filed report, per language and kind, then a `BENCH_JSON {...}` line.
 *
 *   npm run bench:conversations
 *   npm run bench:conversations -- --only fr --verbose
 *
 * Loopback only. Exits non-zero when a target is missed (>= 95% right outcomes, <= 2.5 texts per report).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { EmbeddedDatabase, freePort } from '../db/EmbeddedDatabase';
import { AUTH_TOKEN, CITY_NUMBER } from './bench/constants';
import { build, startServer, stopProcess, waitUntilHealthy } from './bench/serverUnderTest';
import { startRestSink } from './bench/twilioSink';
import { FiledCase } from './conversations/judge';
import { loadScenarios } from './conversations/Scenario';
import { runScenarios, ScenarioResult, summarise } from './conversations/runScenarios';
import { sendSms } from './smsClient';

const ROOT = path.resolve(__dirname, '..');
const TARGET_SHARE = 0.95;
const TARGET_TEXTS = 2.5;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, verbose: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '4' } } });
  const scenarios = loadScenarios().filter((s) => !values.only || s.locale === values.only || s.id.startsWith(values.only));
  build(true);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicline-conversations-'));
  const database = new EmbeddedDatabase({ binary: path.join(ROOT, '.cache', 'ferretdb', 'ferretdb'), dataDir });
  const sink = await startRestSink();
  const mongodbUri = await database.start();
  const server = startServer({ port: await freePort(), dataDir, mongodbUri, twilioApiBaseUrl: sink.url });
  const connection = await mongoose.createConnection(mongodbUri).asPromise();
  try {
    await waitUntilHealthy(server);
    const cases = connection.collection('cases');
    const results = await runScenarios(
      scenarios,
      {
        root: ROOT,
        sendFrom: (phone) => async (text) =>
          (await sendSms({ webhookUrl: `${server.baseUrl}/twilio/sms`, authToken: AUTH_TOKEN, from: phone, to: CITY_NUMBER }, text)).replies.join('\n\n'),
        casesFiledBy: async (phone) => (await cases.find({ 'reporters.address': phone }).toArray()) as unknown as FiledCase[],
      },
      Number(values.concurrency),
    );
    return report(results, values.verbose ?? false);
  } finally {
    await connection.close();
    await stopProcess(server.child);
    await sink.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(results: ScenarioResult[], verbose: boolean): number {
  const groups = new Map<string, ScenarioResult[]>();
  for (const r of results) {
    for (const key of [`${r.scenario.locale} ${r.scenario.goal.kind}`, `${r.scenario.locale} all`, 'all']) groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  console.log('\n=== CivicLine scripted conversations ===');
  console.log('group                 conversations  right   share   texts/report');
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const s = summarise(group);
    console.log(`${key.padEnd(22)}${String(s.conversations).padStart(13)}${String(s.rightOutcomes).padStart(7)}${(100 * s.share).toFixed(1).padStart(7)}%${s.filedReports ? s.textsPerReport.toFixed(2).padStart(15) : ''}`);
  }
  const failed = results.filter((r) => !r.verdict.ok);
  if (failed.length) console.log('\nWrong outcomes:');
  for (const r of failed) {
    console.log(`- ${r.scenario.id}: ${r.verdict.why}`);
    if (verbose) r.sent.forEach((text, i) => console.log(`    > ${text}\n    < ${(r.replies[i] ?? '').replace(/\n/g, '\n      ')}`));
  }
  const all = summarise(results);
  console.log(`BENCH_JSON ${JSON.stringify({ ...all, byGroup: Object.fromEntries([...groups].map(([k, g]) => [k, summarise(g)])), failed: failed.map((r) => r.scenario.id) })}`);
  return all.share >= TARGET_SHARE && all.textsPerReport <= TARGET_TEXTS ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
