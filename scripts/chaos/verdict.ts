import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { ScenarioRun } from './scenarios';
import { TwilioStandIn } from './twilioStandIn';

export interface Verdict {
  scenario: string;
  residents: number;
  /** Residents whose report ended with a case number. */
  completed: number;
  lost: number;
  silentlyDropped: number;
  appliedTwice: number;
  casesDoubled: number;
  wrongData: number;
  /** Copies of one delivery answered differently. */
  contradicted: number;
  /** Residents left mid-conversation, or given an answer that fits nowhere. */
  stuck: number;
  /** Honest "please send it again" answers (not a loss: nothing was applied, the resident resent). */
  resendsAsked: number;
  /** The same text to the same resident twice (the outbox's one window: a crash or a timeout after Twilio accepted). */
  textedTwice: number;
  /** Status notices: one owed per filed case; missing and doubled ones. */
  notices?: { owed: number; missing: number; doubled: number };
  restartToHealthyMs: number[];
  restartToAnswerMs: (number | null)[];
  /** From Twilio recovering to the last text owed reaching its resident. */
  twilioBackToLastTextMs?: number;
  /** What went wrong, for the first few. */
  samples: string[];
}

interface StoredCase {
  number: string;
  category: string;
  location: { text: string };
  description: string;
  reporters: { address: string }[];
}

/** Counts what residents saw and checks every case in the database against what its reporter said. */
export async function judge(name: string, run: ScenarioRun, databaseUri: string, twilio: TwilioStandIn, noticesOwed: number): Promise<Verdict> {
  const { outcomes } = run;
  const phones = new Set(outcomes.map((o) => o.phone));
  const samples: string[] = outcomes.flatMap((o) => o.unexpected.map((u) => `${o.phone} ${u}`));

  const notices = noticesOwed > 0 ? await awaitNotices(outcomes, twilio, 40_000) : undefined;

  const connection = await mongoose.createConnection(databaseUri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  let casesDoubled = 0;
  let wrongData = 0;
  try {
    const stored = await connection.collection<StoredCase>('cases').find({ 'reporters.address': { $in: [...phones] } }).toArray();
    for (const outcome of outcomes) {
      const mine = stored.filter((c) => c.reporters.some((r) => r.address === outcome.phone));
      if (mine.length > 1) {
        casesDoubled += mine.length - 1;
        samples.push(`${outcome.phone} has ${mine.length} cases: ${mine.map((c) => c.number).join(', ')}`);
      }
      for (const stored of mine) {
        const right = stored.category === outcome.category && stored.location.text === outcome.address && stored.description === outcome.details;
        if (!right) {
          wrongData++;
          samples.push(`${outcome.phone} case ${stored.number}: ${stored.category} at "${stored.location.text}": "${stored.description}"`);
        }
      }
      if (outcome.caseNumber && !mine.some((c) => c.number === outcome.caseNumber)) {
        wrongData++;
        samples.push(`${outcome.phone} was told case ${outcome.caseNumber}, which is not theirs`);
      }
    }
  } finally {
    await connection.close();
  }

  const texts = twilio.texts.filter((t) => phones.has(t.to));
  const seen = new Map<string, number>();
  for (const t of texts) seen.set(`${t.to}\n${t.body}`, (seen.get(`${t.to}\n${t.body}`) ?? 0) + 1);
  const textedTwice = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
  const lastText = Math.max(0, ...texts.map((t) => t.at));

  return {
    scenario: name,
    residents: outcomes.length,
    completed: outcomes.filter((o) => o.caseNumber).length,
    lost: sum(outcomes.map((o) => o.lost)),
    silentlyDropped: sum(outcomes.map((o) => o.dropped)),
    appliedTwice: sum(outcomes.map((o) => o.appliedTwice)),
    casesDoubled,
    wrongData,
    contradicted: sum(outcomes.map((o) => o.contradicted)),
    stuck: run.unfinished + outcomes.filter((o) => o.unexpected.length > 0).length,
    resendsAsked: sum(outcomes.map((o) => o.resendsAsked)),
    textedTwice,
    notices,
    restartToHealthyMs: run.restarts.map((r) => r.toHealthyMs),
    restartToAnswerMs: run.restarts.map((r) => r.toAnswerMs),
    ...(run.twilioBackAt !== undefined ? { twilioBackToLastTextMs: Math.max(0, lastText - run.twilioBackAt) } : {}),
    samples: samples.slice(0, 8),
  };
}

/** Waits (up to the limit) for one status notice per filed case, then counts missing and doubled ones. */
async function awaitNotices(outcomes: ScenarioRun['outcomes'], twilio: TwilioStandIn, limitMs: number) {
  const filed = outcomes.filter((o) => o.caseNumber);
  const noticesFor = (o: (typeof filed)[number]) => twilio.textsTo(o.phone).filter((t) => t.body.includes(`Update on your report ${o.caseNumber}`)).length;
  const until = Date.now() + limitMs;
  while (Date.now() < until && filed.some((o) => noticesFor(o) === 0)) await sleep(200);
  await sleep(1000); // a second copy would come now
  return {
    owed: filed.length,
    missing: filed.filter((o) => noticesFor(o) === 0).length,
    doubled: sum(filed.map((o) => Math.max(0, noticesFor(o) - 1))),
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Losses, drops, doubles, corruptions or stuck residents: what must be zero. */
export function failures(v: Verdict): number {
  const unrecovered = v.restartToAnswerMs.filter((ms) => ms === null).length;
  return (
    v.lost + v.silentlyDropped + v.appliedTwice + v.casesDoubled + v.wrongData + v.contradicted + v.stuck + unrecovered + (v.notices ? v.notices.missing + v.notices.doubled : 0)
  );
}
