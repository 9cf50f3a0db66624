import { CATEGORY_IDS } from '../../cases/categories';
import { Intent, INTENTS } from '../intents';
import { FeatureIndex, SparseVector } from './FeatureIndex';
import { DEFAULT_SHAPE, FeatureShape } from './features';
import { LanguageWords } from './LanguageWords';
import { DEFAULT_TRAINING, LinearClassifier, TrainingOptions, TrainingSample } from './LinearClassifier';
import { TrainingData } from './trainingData';

/** The category classifier's answer for a message that names no problem ("ok", "thanks", "call me back"). */
export const NO_CATEGORY = 'none';
export const CATEGORY_LABELS = [...CATEGORY_IDS, NO_CATEGORY] as const;
export type CategoryLabel = (typeof CATEGORY_LABELS)[number];

/** Intents whose examples teach the category classifier what names no problem at all. */
const NAMES_NO_PROBLEM: Intent[] = ['affirm', 'deny', 'thanks', 'greeting', 'help', 'cancel', 'unknown', 'change_language', 'talk_to_person', 'request_callback'];

/** Everything learned from the examples: one feature index shared by four classifiers. */
export interface NluModel {
  features: FeatureIndex;
  intent: LinearClassifier<Intent>;
  category: LinearClassifier<CategoryLabel>;
  topic: LinearClassifier<string>;
  /** Among emergencies, which are about gas (the gas utility's number goes with 911). */
  gas: LinearClassifier<GasLabel>;
  language: LinearClassifier<string>;
  languageWords: LanguageWords;
}

export const GAS_LABELS = ['other', 'gas'] as const;
export type GasLabel = (typeof GAS_LABELS)[number];

/** A missed emergency costs far more than a needless "call 911 if anyone is in danger": emergencies count more. */
const EMERGENCY_WEIGHT = 3;

/**
 * Trains every classifier from the project's examples and knowledge, in every language at once: a French
 * report and an English one teach the same category, and street names, numbers and emoji are shared.
 */
export function trainModel(data: TrainingData, options: TrainingOptions = DEFAULT_TRAINING, shape: FeatureShape = DEFAULT_SHAPE): NluModel {
  const texts = new Set([
    ...data.examples.map((e) => e.text),
    ...data.topics.flatMap((t) => [t.title, ...t.questions, t.keywords]),
    ...[...data.languageTexts.values()].flat(),
  ]);
  const features = FeatureIndex.fit(texts, shape);
  const vectors = new Map<string, SparseVector>();
  const vectorOf = (text: string) => vectors.get(text) ?? vectors.set(text, features.vector(text)).get(text)!;

  const intentSamples: TrainingSample[] = data.examples.map((e) => ({
    vector: vectorOf(e.text),
    label: INTENTS.indexOf(e.intent),
    weight: e.intent === 'emergency' ? EMERGENCY_WEIGHT : 1,
  }));
  const categorySamples: TrainingSample[] = [];
  const topicIds = [...new Set([...data.topics.map((t) => t.topic), ...data.examples.flatMap((e) => (e.topic ? [e.topic] : []))])].sort();
  const topicSamples: TrainingSample[] = [];
  const gasSamples: TrainingSample[] = [];
  for (const example of data.examples) {
    if (example.intent === 'emergency') gasSamples.push({ vector: vectorOf(example.text), label: example.gas ? 1 : 0 });
    if (example.category) categorySamples.push({ vector: vectorOf(example.text), label: CATEGORY_LABELS.indexOf(example.category) });
    else if (NAMES_NO_PROBLEM.includes(example.intent)) categorySamples.push({ vector: vectorOf(example.text), label: CATEGORY_LABELS.indexOf(NO_CATEGORY) });
    if (example.topic) topicSamples.push({ vector: vectorOf(example.text), label: topicIds.indexOf(example.topic) });
  }
  // How residents ask for a topic is also in its knowledge file: its questions teach the topic and the intent.
  for (const wording of data.topics) {
    const label = topicIds.indexOf(wording.topic);
    const asked = [...wording.questions, wording.title].filter(Boolean);
    for (const text of [...asked, wording.keywords].filter(Boolean)) topicSamples.push({ vector: vectorOf(text), label });
    for (const text of asked) intentSamples.push({ vector: vectorOf(text), label: INTENTS.indexOf('ask_question') });
  }

  const languages = [...data.languageTexts.keys()].sort();
  const languageSamples: TrainingSample[] = languages.flatMap((language, label) =>
    data.languageTexts.get(language)!.map((text) => ({ vector: vectorOf(text), label })),
  );

  const count = features.size;
  return {
    features,
    intent: LinearClassifier.train(INTENTS, intentSamples, count, options),
    category: LinearClassifier.train(CATEGORY_LABELS, categorySamples, count, options),
    topic: LinearClassifier.train(topicIds, topicSamples, count, options),
    gas: LinearClassifier.train(GAS_LABELS, gasSamples, count, options),
    language: LinearClassifier.train(languages, languageSamples, count, options),
    languageWords: LanguageWords.learn(data.languageTexts, data.neutralWords),
  };
}
