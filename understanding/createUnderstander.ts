import path from 'node:path';
import { listLocales } from '../i18n/createI18n';
import { AzureLanguageDetector } from './language/AzureLanguageDetector';
import { LanguageDetector } from './language/LanguageDetector';
import { LocalLanguageDetector } from './language/LocalLanguageDetector';
import { loadModel } from './model/modelCache';
import { NluModel } from './model/NluModel';
import { Gazetteer } from './places/Gazetteer';
import { PlaceParser } from './places/PlaceParser';
import { loadPlaceVocabularies } from './places/PlaceVocabulary';
import { SafetyNet } from './safety/SafetyNet';
import { ModelUnderstander } from './ModelUnderstander';
import { PlaceFinder } from './places/Place';
import { loadVocabularies } from './Vocabulary';

export interface UnderstanderSetup {
  /** Holds locales/ and knowledge/ (and .cache/ for the trained model). */
  contentRoot: string;
  fallbackLocale: string;
  /** Azure AI Language for language detection; the local detector answers when unset or failing. */
  azureLanguage?: { endpoint: string; key: string; timeoutMs: number };
  /** A model already loaded (tools that build several understanders); default: the cached one, trained if stale. */
  model?: NluModel;
  /** Default: the town's gazetteer (knowledge/gazetteer.json) read by the place parser. */
  places?: PlaceFinder;
  log?: (message: string, error?: unknown) => void;
}

/** Puts the understanding parts together from the content folders; called by the composition root and the tools. */
export function createUnderstander(setup: UnderstanderSetup): ModelUnderstander {
  const localesDir = path.join(setup.contentRoot, 'locales');
  const locales = listLocales(localesDir);
  const vocabularies = loadVocabularies(localesDir, locales);
  const model = setup.model ?? loadModel({ contentRoot: setup.contentRoot, log: setup.log });
  const local = new LocalLanguageDetector(model);
  const languages: LanguageDetector = setup.azureLanguage ? new AzureLanguageDetector(local, { ...setup.azureLanguage, log: setup.log }) : local;
  return new ModelUnderstander({
    model,
    languages,
    places: setup.places ?? new PlaceParser(Gazetteer.load(path.join(setup.contentRoot, 'knowledge', 'gazetteer.json')), loadPlaceVocabularies(localesDir, locales), setup.fallbackLocale),
    safety: new SafetyNet(vocabularies.values()),
  });
}
