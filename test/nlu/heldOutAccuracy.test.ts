import { evaluate, LanguageReport, TARGETS } from '../../scripts/nlu/evaluate';
import { createUnderstander } from '../../understanding/createUnderstander';
import { loadModel } from '../../understanding/model/modelCache';
import { loadHeldOut } from '../../understanding/model/trainingData';
import { PROJECT_ROOT } from '../support/paths';

/**
 * The model the server runs (trained from locales/<lng>/examples and knowledge/, cached) on the held-out sets
 * test/nlu/heldout/<lng>.jsonl, against the targets of issue 5. Timing is measured by `npm run bench:nlu`.
 */
const heldOut = loadHeldOut(PROJECT_ROOT);
const understander = createUnderstander({ contentRoot: PROJECT_ROOT, fallbackLocale: 'en', model: loadModel({ contentRoot: PROJECT_ROOT }) });

it('has held-out sets to measure the model on', () => {
  expect([...heldOut.keys()]).not.toEqual([]);
});

for (const [language, examples] of heldOut) {
  describe(`held-out ${language} (${examples.length} messages)`, () => {
    let report: LanguageReport;
    beforeAll(async () => {
      report = await evaluate(understander, language, examples);
    });
    const rate = (name: 'intent' | 'category' | 'topic') => ({ rate: report[name].rate, confusions: report.confusions[name] });

    it(`recognises the intent of at least ${TARGETS.intent * 100}%`, () => {
      expect(rate('intent').rate).toBeGreaterThanOrEqual(TARGETS.intent);
    });

    it(`puts at least ${TARGETS.category * 100}% of reports in the right category`, () => {
      expect(rate('category').rate).toBeGreaterThanOrEqual(TARGETS.category);
    });

    it(`finds the right answer for at least ${TARGETS.topic * 100}% of questions`, () => {
      expect(rate('topic').rate).toBeGreaterThanOrEqual(TARGETS.topic);
    });

    it('recognises every emergency', () => {
      expect(report.missedEmergencies).toEqual([]);
    });
  });
}
