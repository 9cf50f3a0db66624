import { Intent } from '../intents';
import { FeatureIndex } from './FeatureIndex';
import { DEFAULT_SHAPE, FeatureShape } from './features';
import { LanguageWords } from './LanguageWords';
import { ClassifierWeights, LinearClassifier } from './LinearClassifier';
import { CategoryLabel, GasLabel, NluModel } from './NluModel';

/**
 * A trained model as one binary file: a JSON header (feature names, labels, language words, where each array
 * starts) followed by the arrays themselves. Loads in tens of milliseconds, so a restarted server answers at once.
 */
const MAGIC = 'CIVICLINE-NLU-2\n';
const CLASSIFIERS = ['intent', 'category', 'topic', 'gas', 'language'] as const;

interface ArrayPlace {
  offset: number;
  length: number;
}

interface Header {
  shape: FeatureShape;
  features: string[];
  idf: ArrayPlace;
  languages: string[];
  languageWords: [string, number][];
  classifiers: Record<(typeof CLASSIFIERS)[number], { labels: string[]; rows: ArrayPlace; weights: ArrayPlace; bias: ArrayPlace }>;
}

export function serialiseModel(model: NluModel): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  const place = (array: Int32Array | Float32Array): ArrayPlace => {
    const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    chunks.push(bytes);
    const at = { offset, length: array.length };
    offset += bytes.length;
    return at;
  };
  const classifiers = Object.fromEntries(
    CLASSIFIERS.map((name) => {
      const w = model[name].weights;
      return [name, { labels: w.labels, rows: place(w.rows), weights: place(w.weights), bias: place(w.bias) }];
    }),
  ) as Header['classifiers'];
  const idf = place(model.features.weights());
  const header: Header = {
    shape: model.features.shape,
    features: model.features.names(),
    idf,
    languages: model.languageWords.languages,
    languageWords: model.languageWords.entries(),
    classifiers,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const lead = Buffer.alloc(MAGIC.length + 4);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(json.length, MAGIC.length);
  // Arrays start on a 4-byte boundary so they can be read in place.
  const padding = Buffer.alloc((4 - ((lead.length + json.length) % 4)) % 4);
  return Buffer.concat([lead, json, padding, ...chunks]);
}

export function deserialiseModel(file: Buffer): NluModel {
  if (file.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a CivicLine language model file');
  const jsonLength = file.readUInt32LE(MAGIC.length);
  const jsonStart = MAGIC.length + 4;
  const header = JSON.parse(file.toString('utf8', jsonStart, jsonStart + jsonLength)) as Header;
  const dataStart = jsonStart + jsonLength + ((4 - ((jsonStart + jsonLength) % 4)) % 4);
  // The arrays are read in place when aligned (a file read whole is), from a copy otherwise.
  const aligned = (file.byteOffset + dataStart) % 4 === 0;
  const data = aligned ? file.buffer : new Uint8Array(file.subarray(dataStart)).buffer;
  const base = aligned ? file.byteOffset + dataStart : 0;
  const ints = (p: ArrayPlace) => new Int32Array(data, base + p.offset, p.length);
  const floats = (p: ArrayPlace) => new Float32Array(data, base + p.offset, p.length);
  const classifier = <L extends string>(name: (typeof CLASSIFIERS)[number]) => {
    const c = header.classifiers[name];
    const weights: ClassifierWeights = { labels: c.labels, rows: ints(c.rows), weights: floats(c.weights), bias: floats(c.bias) };
    return new LinearClassifier<L>(weights);
  };
  return {
    features: FeatureIndex.restore(header.features, floats(header.idf), header.shape ?? DEFAULT_SHAPE),
    intent: classifier<Intent>('intent'),
    category: classifier<CategoryLabel>('category'),
    topic: classifier<string>('topic'),
    gas: classifier<GasLabel>('gas'),
    language: classifier<string>('language'),
    languageWords: new LanguageWords(header.languages, new Map(header.languageWords)),
  };
}
