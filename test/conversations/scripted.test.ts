import { CivicLine } from '../../app/createCivicLine';
import { loadScenarios } from '../../scripts/conversations/Scenario';
import { runScenarios, summarise } from '../../scripts/conversations/runScenarios';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';
import { PROJECT_ROOT } from '../support/paths';

/** Every third scripted resident of bench:conversations, in process: the same targets, a smaller run. */
describe('scripted residents (a subset of bench:conversations)', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('scripted');
  });
  afterAll(() => civicLine.close());

  it('reach the right outcome at least 95% of the time, in at most 2.5 texts per filed report', async () => {
    const scenarios = loadScenarios().filter((_, i) => i % 3 === 0);
    const results = await runScenarios(scenarios, {
      root: PROJECT_ROOT,
      sendFrom: (phone) => (text) => new TextingResident(civicLine, phone).say(text),
      casesFiledBy: (phone) => civicLine.cases.listForReporter(phone, 50),
    });
    const summary = summarise(results);
    const wrong = results.filter((r) => !r.verdict.ok).map((r) => `${r.scenario.id}: ${r.verdict.why}`);
    expect({ share: summary.share >= 0.95, textsPerReport: summary.textsPerReport <= 2.5, wrong }).toEqual({ share: true, textsPerReport: true, wrong: expect.any(Array) });
  }, 180_000);
});
