import { appendFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { FeatureIndex } from '../../understanding/model/FeatureIndex';
import { canonical, featureCounts, tokenize } from '../../understanding/model/features';
import { DEFAULT_TRAINING, LinearClassifier } from '../../understanding/model/LinearClassifier';
import { loadModel } from '../../understanding/model/modelCache';
import { deserialiseModel, serialiseModel } from '../../understanding/model/modelFile';
import { trainModel } from '../../understanding/model/NluModel';
import { loadTrainingData } from '../../understanding/model/trainingData';
import { writeNluContent } from '../support/nluContent';

describe('features: what the model sees of a message', () => {
  it('ignores case, accents, apostrophes and which digits were typed', () => {
    expect(canonical("Déneigement à 45 King's St")).toBe('deneigement a 00 kings st');
  });

  it('splits words, emoji and scripts written without spaces', () => {
    expect(tokenize(canonical('ok 👍 北京市 ਸਤਿ ਸ੍ਰੀ'))).toEqual(['ok', '👍', '北', '京', '市', 'ਸਤਿ', 'ਸ੍ਰੀ']);
  });

  it('reads typos through character n-grams: "garbge" shares most of them with "garbage"', () => {
    const names = (text: string) => new Set([...featureCounts(text).keys()].filter((f) => f.startsWith('c:')));
    const typo = names('garbge');
    const shared = [...names('garbage')].filter((f) => typo.has(f));
    expect(shared.length).toBeGreaterThanOrEqual(6);
  });
});

describe('LinearClassifier', () => {
  const texts: [string, 'pothole' | 'streetlight'][] = [
    ['big pothole on king', 'pothole'],
    ['potholes everywhere on birch', 'pothole'],
    ['hole in the road on mill', 'pothole'],
    ['street light out on queen', 'streetlight'],
    ['streetlight flickering on elm', 'streetlight'],
    ['lamp post dark by the library', 'streetlight'],
  ];
  const labels = ['pothole', 'streetlight'] as const;
  const index = FeatureIndex.fit(texts.map(([t]) => t));
  const samples = texts.map(([text, label]) => ({ vector: index.vector(text), label: labels.indexOf(label) }));
  const classifier = LinearClassifier.train(labels, samples, index.size);

  it('learns the examples and generalises to new wording', () => {
    expect(classifier.ranked(index.vector('pothole on oak st'), 1)[0].id).toBe('pothole');
    expect(classifier.ranked(index.vector('the street light is out'), 1)[0].id).toBe('streetlight');
  });

  it('gives probabilities: every label scored, adding up to 1', () => {
    const scores = classifier.probabilities(index.vector('pothole'));
    expect(scores).toHaveLength(2);
    expect(scores[0] + scores[1]).toBeCloseTo(1, 6);
  });

  it('is less sure of a message made of words it never saw', () => {
    const known = classifier.ranked(index.vector('big pothole on king'), 1)[0].score;
    const unknown = classifier.ranked(index.vector('zxq wvy pothole qqq plk'), 1)[0].score;
    expect(unknown).toBeLessThan(known);
  });

  it('trains the same model from the same examples (seeded), so every machine gets the same answers', () => {
    const again = LinearClassifier.train(labels, samples, index.size);
    expect(Buffer.from(again.weights.weights.buffer).equals(Buffer.from(classifier.weights.weights.buffer))).toBe(true);
    const otherSeed = LinearClassifier.train(labels, samples, index.size, { ...DEFAULT_TRAINING, seed: 7 });
    expect(Buffer.from(otherSeed.weights.weights.buffer).equals(Buffer.from(classifier.weights.weights.buffer))).toBe(false);
  });
});

describe('the trained model and its file', () => {
  const root = writeNluContent();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads back from its file with exactly the same answers', () => {
    const model = trainModel(loadTrainingData(root));
    const copy = deserialiseModel(serialiseModel(model));
    for (const text of ['big pothole on elm', 'ça sent le gaz', 'ok', 'when is garbage day']) {
      for (const part of ['intent', 'category', 'topic', 'gas', 'language'] as const) {
        expect(Array.from(copy[part].probabilities(copy.features.vector(text)))).toEqual(Array.from(model[part].probabilities(model.features.vector(text))));
      }
      expect(copy.languageWords.markers(text)).toEqual(model.languageWords.markers(text));
    }
  });

  it('is trained once and then read from the cache, and trained again when an example changes', () => {
    const cacheDir = path.join(root, '.cache', 'nlu');
    const logs: string[] = [];
    const log = (m: string) => logs.push(m);
    loadModel({ contentRoot: root, cacheDir, log });
    expect(logs.filter((m) => m.startsWith('Trained'))).toHaveLength(1);
    const [first] = readdirSync(cacheDir);
    loadModel({ contentRoot: root, cacheDir, log });
    expect(logs.filter((m) => m.startsWith('Trained'))).toHaveLength(1);

    appendFileSync(path.join(root, 'locales', 'en', 'examples', 'fixture.jsonl'), '{"text": "sinkhole on station rd", "intent": "report_problem", "category": "pothole"}\n');
    loadModel({ contentRoot: root, cacheDir, log });
    expect(logs.filter((m) => m.startsWith('Trained'))).toHaveLength(2);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(existsSync(path.join(cacheDir, first))).toBe(false);
  });
});

describe('training data', () => {
  it('refuses a held-out text that is also a training example, naming both files', () => {
    const root = writeNluContent({ heldOut: { en: [{ text: 'Big pothole on King St', intent: 'report_problem', category: 'pothole' }] } });
    try {
      expect(() => loadModel({ contentRoot: root })).toThrow(/held-out.*\n.*"Big pothole on King St".*heldout[/\\]en\.jsonl:1 and .*fixture\.jsonl:1/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.each([
    ['{"text": "pothole", "intent": "report"}', 'unknown intent "report"'],
    ['{"text": "pothole on elm", "intent": "report_problem"}', 'a report needs a known "category"'],
    ['{"text": "when is garbage day", "intent": "ask_question", "topic": "garbage"}', 'a question needs the "topic" of a knowledge file'],
    ['{"intent": "greeting"}', '"text" must be a non-empty string'],
    ['not json', 'fixture.jsonl:'],
  ])('rejects the example %s, saying where and why', (line, why) => {
    const root = writeNluContent();
    try {
      appendFileSync(path.join(root, 'locales', 'en', 'examples', 'fixture.jsonl'), `${line}\n`);
      expect(() => loadTrainingData(root)).toThrow(why);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
