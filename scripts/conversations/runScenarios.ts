import { BotPrompts } from './BotPrompts';
import { FiledCase, judge, Verdict } from './judge';
import { Scenario } from './Scenario';
import { Send, SimulatedResident } from './SimulatedResident';

export interface ScenarioResult {
  scenario: Scenario;
  verdict: Verdict;
  sent: string[];
  replies: string[];
}

/** How the runner reaches the bot and the cases on file, so the bench (HTTP) and jest (in process) share it. */
export interface ConversationWorld {
  root: string;
  sendFrom(phone: string): Send;
  casesFiledBy(phone: string): Promise<FiledCase[]>;
}

/** Plays every scenario (at most `concurrency` at once), each from a phone of its own, and judges it. */
export async function runScenarios(scenarios: Scenario[], world: ConversationWorld, concurrency = 4): Promise<ScenarioResult[]> {
  const prompts = new Map<string, BotPrompts>();
  const promptsFor = (locale: string) => prompts.get(locale) ?? prompts.set(locale, new BotPrompts(world.root, locale)).get(locale)!;
  const results: ScenarioResult[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const index = next++;
      const scenario = scenarios[index];
      const phone = `+1289558${String(index).padStart(4, '0')}`;
      const transcript = await new SimulatedResident(scenario, promptsFor(scenario.locale)).converse(world.sendFrom(phone));
      const verdict = judge(scenario, transcript, await world.casesFiledBy(phone), promptsFor(scenario.locale), world.root);
      results[index] = { scenario, verdict, ...transcript };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, scenarios.length) }, worker));
  return results;
}

export interface Summary {
  conversations: number;
  rightOutcomes: number;
  share: number;
  filedReports: number;
  textsPerReport: number;
}

export function summarise(results: ScenarioResult[]): Summary {
  const right = results.filter((r) => r.verdict.ok);
  const filed = right.filter((r) => r.scenario.goal.kind === 'report');
  const texts = filed.reduce((sum, r) => sum + r.verdict.texts, 0);
  return {
    conversations: results.length,
    rightOutcomes: right.length,
    share: results.length ? right.length / results.length : 0,
    filedReports: filed.length,
    textsPerReport: filed.length ? texts / filed.length : 0,
  };
}
