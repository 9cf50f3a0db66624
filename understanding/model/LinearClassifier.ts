import { SparseVector } from './FeatureIndex';
import { seededRandom, shuffleInPlace } from './seededRandom';

/** A label with how sure the model is of it, 0..1 (the scores of all labels add up to 1). */
export interface Scored<T> {
  id: T;
  score: number;
}

export interface TrainingSample {
  vector: SparseVector;
  /** Index into the classifier's labels. */
  label: number;
  /** How much the example counts (default 1): more for mistakes that cost more. */
  weight?: number;
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty: keeps a feature seen in one example from deciding alone. */
  l2: number;
  /** Same seed, same data: same model, byte for byte. */
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 12, learningRate: 0.6, l2: 1e-5, seed: 20260301 };

/** The learned numbers of a classifier; what the model cache stores. */
export interface ClassifierWeights {
  labels: string[];
  /** Shared feature id -> row of `weights`, -1 for features this classifier never saw. */
  rows: Int32Array;
  /** rows x labels, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Multinomial logistic regression over sparse features, trained by stochastic gradient descent. Small,
 * fast (a few hundred multiply-adds per label and message) and calibrated enough that a low top score
 * means "not sure": the dialogs ask instead of guessing.
 */
export class LinearClassifier<L extends string> {
  private readonly width: number;

  constructor(private readonly learned: ClassifierWeights) {
    this.width = learned.labels.length;
  }

  get labels(): readonly L[] {
    return this.learned.labels as L[];
  }

  get weights(): ClassifierWeights {
    return this.learned;
  }

  /** The probability of every label, in the order of `labels`. */
  probabilities(vector: SparseVector): Float64Array {
    const { rows, weights, bias } = this.learned;
    const width = this.width;
    const logits = Float64Array.from(bias);
    for (let i = 0; i < vector.ids.length; i++) {
      const row = vector.ids[i] < rows.length ? rows[vector.ids[i]] : -1;
      if (row < 0) continue;
      const value = vector.values[i];
      const base = row * width;
      for (let k = 0; k < width; k++) logits[k] += value * weights[base + k];
    }
    return softmax(logits);
  }

  /** The best `count` labels, best first. */
  ranked(vector: SparseVector, count = 3): Scored<L>[] {
    return rank(this.probabilities(vector), this.labels, count);
  }

  static train<L extends string>(labels: readonly L[], samples: TrainingSample[], featureCount: number, options: TrainingOptions = DEFAULT_TRAINING): LinearClassifier<L> {
    if (samples.length === 0) throw new Error(`No training examples for the labels ${labels.join(', ')}`);
    const width = labels.length;
    const rows = new Int32Array(featureCount).fill(-1);
    let rowCount = 0;
    for (const { vector } of samples) for (const id of vector.ids) if (rows[id] < 0) rows[id] = rowCount++;
    const weights = new Float64Array(rowCount * width);
    const bias = new Float64Array(width);
    // Each sample's features as offsets into `weights`, computed once.
    const offsets = samples.map(({ vector }) => Int32Array.from(vector.ids, (id) => rows[id] * width));
    const order = samples.map((_, i) => i);
    const random = seededRandom(options.seed);
    const scores = new Float64Array(width);
    // The L2 shrink of every weight at each step is kept as one factor (weights are stored divided by it).
    let scale = 1;
    let step = 0;
    const total = options.epochs * samples.length;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffleInPlace(order, random);
      for (const index of order) {
        const { vector, label, weight = 1 } = samples[index];
        const at = offsets[index];
        const values = vector.values;
        const rate = weight * (options.learningRate * (1 - step / total) + 0.01 * options.learningRate);
        step++;
        scores.set(bias);
        for (let i = 0; i < at.length; i++) {
          const base = at[i];
          const value = values[i] * scale;
          for (let k = 0; k < width; k++) scores[k] += value * weights[base + k];
        }
        const gradient = softmax(scores);
        gradient[label] -= 1;
        scale *= 1 - rate * options.l2;
        for (let i = 0; i < at.length; i++) {
          const base = at[i];
          const value = (rate * values[i]) / scale;
          for (let k = 0; k < width; k++) weights[base + k] -= value * gradient[k];
        }
        for (let k = 0; k < width; k++) bias[k] -= rate * gradient[k];
        if (scale < 1e-6) {
          for (let j = 0; j < weights.length; j++) weights[j] *= scale;
          scale = 1;
        }
      }
    }
    return new LinearClassifier<L>({
      labels: [...labels],
      rows,
      weights: Float32Array.from(weights, (w) => w * scale),
      bias: Float32Array.from(bias),
    });
  }
}

export function rank<L>(probabilities: ArrayLike<number>, labels: readonly L[], count: number): Scored<L>[] {
  const ids = Array.from(labels.keys()).sort((a, b) => probabilities[b] - probabilities[a]);
  return ids.slice(0, count).map((i) => ({ id: labels[i], score: probabilities[i] }));
}

function softmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    logits[k] = Math.exp(logits[k] - max);
    sum += logits[k];
  }
  for (let k = 0; k < logits.length; k++) logits[k] /= sum;
  return logits;
}
