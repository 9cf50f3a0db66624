import { TFunction } from 'i18next';
import { Gazetteer, Street } from './Gazetteer';
import { KnownLandmarks } from './KnownLandmarks';
import { Place, PlaceAnswer, PlaceFinder } from './Place';
import { PlaceBuilder } from './PlaceBuilder';
import { LabelledPlace, PlaceLabels } from './PlaceLabels';
import { PlaceReader } from './PlaceReader';
import { PlaceVocabulary } from './PlaceVocabulary';
import { PlaceWords } from './PlaceWords';
import { StreetNames } from './StreetNames';

/**
 * Places in residents' words, checked against the town's gazetteer: addresses ("123 main"), crossings ("Main and
 * Victoria", "mill/station", "coin King et Queen"), named places ("outside the library", "devant l'hôtel de
 * ville"), streets, and landmarks the town does not know. No map needed, so SMS, voice and screen-reader users
 * are not shut out.
 */
export class PlaceParser implements PlaceFinder {
  private readonly readers = new Map<string, PlaceReader>();
  private readonly labels: PlaceLabels;

  constructor(
    private readonly gazetteer: Gazetteer,
    vocabularies: ReadonlyMap<string, PlaceVocabulary>,
    /** The town's own language: its street types and joiners are understood in every language. */
    private readonly townLocale: string,
  ) {
    const town = vocabularies.get(townLocale);
    if (!town) throw new Error(`No place words (locales/${townLocale}/places.json) for the town's language "${townLocale}"`);
    this.labels = new PlaceLabels(gazetteer, townLocale);
    const known = new KnownLandmarks(gazetteer.landmarks);
    const build = new PlaceBuilder(gazetteer);
    for (const [locale, own] of vocabularies) {
      const words = new PlaceWords(own, town);
      const names = new StreetNames(gazetteer, own, town, locale, townLocale, words.protectedWords);
      this.readers.set(locale, new PlaceReader(build, names, words, known));
    }
  }

  /** A place inside a longer message, or null when it names none. */
  find(text: string, locale: string): Place | null {
    return this.reader(locale).find(text);
  }

  /** The answer to "where is it?": a place, words to read back and keep for staff, or no place at all. */
  parseAnswer(text: string, locale: string): PlaceAnswer {
    return this.reader(locale).answer(text);
  }

  /** The corrected place when `text` corrects `current` ("actually 125 not 123", "non c'est au 125"), else null. */
  correction(text: string, current: Place | null, locale: string): Place | null {
    return this.reader(locale).correction(text, current);
  }

  /** The place as a resident of that language reads it ("45, rue Elm" for "45 Elm St"). */
  label(place: LabelledPlace, locale: string, t: TFunction): string {
    return this.labels.label(place, locale, t);
  }

  /** A street from its name alone ("mian st", "wellignton", "elm", "rue King"), or null. */
  street(name: string, locale: string): Street | null {
    return this.reader(locale).street(name);
  }

  /** Street names as people say them in a language, for speech recognition hints. */
  streetNames(locale: string): string[] {
    const names = this.gazetteer.streets.flatMap((s) => [s.name, ...(s.aliases[locale] ?? []).filter((alias) => alias.includes(' '))]);
    return [...new Set(names)];
  }

  private reader(locale: string): PlaceReader {
    return this.readers.get(locale) ?? this.readers.get(locale.split('-')[0]) ?? this.readers.get(this.townLocale)!;
  }
}
