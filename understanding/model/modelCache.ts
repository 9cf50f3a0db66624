import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORY_IDS } from '../../cases/categories';
import { INTENTS } from '../intents';
import { deserialiseModel, serialiseModel } from './modelFile';
import { NluModel, trainModel } from './NluModel';
import { assertHeldOutUnseen, heldOutFiles, loadHeldOut, loadTrainingData, trainingFiles } from './trainingData';

export interface ModelSource {
  /** Holds locales/, knowledge/ and (when present) test/nlu/heldout/. */
  contentRoot: string;
  /** Default: <contentRoot>/.cache/nlu. */
  cacheDir?: string;
  log?: (message: string) => void;
}

/**
 * The model for the current examples: read from the cache when one was trained from exactly these files by
 * exactly this code, trained (a few seconds) and cached otherwise. Several processes may start at once: each
 * writes a whole file under a temporary name and renames it, so none ever reads half a model.
 */
export function loadModel(source: ModelSource): NluModel {
  const cacheDir = source.cacheDir ?? path.join(source.contentRoot, '.cache', 'nlu');
  const key = modelKey(source.contentRoot);
  const file = path.join(cacheDir, `model-${key}.bin`);
  if (existsSync(file)) {
    try {
      return deserialiseModel(readFileSync(file));
    } catch (error) {
      source.log?.(`Retraining: the cached language model ${file} is unreadable (${(error as Error).message})`);
    }
  }
  const started = Date.now();
  const model = trainFrom(source.contentRoot);
  source.log?.(`Trained the language model in ${Date.now() - started} ms`);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, serialiseModel(model));
    renameSync(temporary, file);
    removeOtherModels(cacheDir, path.basename(file));
  } catch (error) {
    // A read-only disk costs a retraining at each start, nothing else.
    source.log?.(`Could not cache the language model in ${cacheDir}: ${(error as Error).message}`);
  }
  return model;
}

/** Trains from the files, refusing any held-out text among the examples. */
export function trainFrom(contentRoot: string): NluModel {
  const data = loadTrainingData(contentRoot);
  assertHeldOutUnseen(data.examples, [...loadHeldOut(contentRoot).values()].flat());
  return trainModel(data);
}

/** A hash of everything the model depends on: the training and held-out files, and the trainer's own code. */
export function modelKey(contentRoot: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([INTENTS, CATEGORY_IDS]));
  for (const file of trainerCode()) hash.update(readFileSync(file));
  for (const file of [...trainingFiles(contentRoot), ...heldOutFiles(contentRoot)]) {
    hash.update(`\0${path.relative(contentRoot, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 20);
}

/**
 * This folder's TypeScript sources, also when running from the build (dist/understanding/model mirrors
 * understanding/model), so the built server and the tests share one cached model; the compiled files when the
 * sources are not deployed.
 */
function trainerCode(): string[] {
  const built = path.basename(path.resolve(__dirname, '..', '..')) === 'dist';
  const sources = built ? path.resolve(__dirname, '..', '..', '..', 'understanding', 'model') : __dirname;
  const dir = existsSync(sources) ? sources : __dirname;
  const pattern = dir === sources ? /\.ts$/ : /\.js$/;
  return readdirSync(dir)
    .filter((f) => pattern.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => path.join(dir, f));
}

function removeOtherModels(cacheDir: string, keep: string): void {
  for (const name of readdirSync(cacheDir)) {
    if (name.startsWith('model-') && name.endsWith('.bin') && name !== keep) rmSync(path.join(cacheDir, name), { force: true });
  }
}
