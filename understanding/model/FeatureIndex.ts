import { DEFAULT_SHAPE, featureCounts, FeatureShape } from './features';

/** A message as numbers: feature ids (shared by every classifier of a model) with L2-normalised weights. */
export interface SparseVector {
  ids: Int32Array;
  values: Float32Array;
}

const MIN_TEXTS = 2;
const REPEATED = 1 + Math.log(2);

/**
 * Feature names to ids, and how much each one says (inverse document frequency: "the" and "<th" say little,
 * "pothole" much). Fitted on the training texts only: a feature never seen in training is dropped when a
 * message is read, but still counts in its length, so a message made mostly of unknown words scores low.
 */
export class FeatureIndex {
  private readonly ids: Map<string, number>;

  private constructor(
    names: string[],
    private readonly idf: Float32Array,
    readonly shape: FeatureShape,
  ) {
    this.ids = new Map(names.map((name, id) => [name, id]));
    this.unseenWeight = idf.length ? Math.max(...idf) : 1;
  }

  private readonly unseenWeight: number;

  static fit(texts: Iterable<string>, shape: FeatureShape = DEFAULT_SHAPE): FeatureIndex {
    const frequency = new Map<string, number>();
    let documents = 0;
    for (const text of texts) {
      documents++;
      for (const name of featureCounts(text, shape).keys()) frequency.set(name, (frequency.get(name) ?? 0) + 1);
    }
    // A feature of a single text (mostly one typo's n-grams) teaches nothing general and doubles the model's size.
    const names = [...frequency.keys()].filter((name) => frequency.get(name)! >= MIN_TEXTS);
    const idf = Float32Array.from(names, (name) => Math.log((documents + 1) / (frequency.get(name)! + 1)) + 1);
    return new FeatureIndex(names, idf, shape);
  }

  static restore(names: string[], idf: Float32Array, shape: FeatureShape = DEFAULT_SHAPE): FeatureIndex {
    return new FeatureIndex(names, idf, shape);
  }

  get size(): number {
    return this.ids.size;
  }

  names(): string[] {
    return [...this.ids.keys()];
  }

  weights(): Float32Array {
    return this.idf;
  }

  /** The vector of a message; the last one is kept, since every part of understanding reads the same message. */
  vector(text: string): SparseVector {
    if (text !== this.last.text) this.last = { text, vector: this.compute(text) };
    return this.last.vector;
  }

  private last: { text: string | undefined; vector: SparseVector } = { text: undefined, vector: { ids: new Int32Array(0), values: new Float32Array(0) } };

  private compute(text: string): SparseVector {
    const ids: number[] = [];
    const values: number[] = [];
    let norm = 0;
    for (const [name, count] of featureCounts(text, this.shape)) {
      const id = this.ids.get(name);
      // Twice at most: a phrase repeated forty times in a run-on message must not drown the word that says what the problem is.
      const value = (count > 1 ? REPEATED : 1) * (id === undefined ? this.unseenWeight : this.idf[id]);
      norm += value * value;
      if (id === undefined) continue;
      ids.push(id);
      values.push(value);
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return { ids: Int32Array.from(ids), values: Float32Array.from(values, (v) => v * scale) };
  }
}
