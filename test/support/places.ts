import path from 'node:path';
import { Gazetteer } from '../../understanding/places/Gazetteer';
import { PlaceParser } from '../../understanding/places/PlaceParser';
import { loadPlaceVocabularies } from '../../understanding/places/PlaceVocabulary';
import { PROJECT_ROOT } from './paths';

/** The sample town's gazetteer and place parser, built as the composition root builds them. */
export function samplePlaces(): { gazetteer: Gazetteer; parser: PlaceParser } {
  const gazetteer = Gazetteer.load(path.join(PROJECT_ROOT, 'knowledge', 'gazetteer.json'));
  const parser = new PlaceParser(gazetteer, loadPlaceVocabularies(path.join(PROJECT_ROOT, 'locales'), ['en', 'fr']), 'en');
  return { gazetteer, parser };
}
