import { TFunction } from 'i18next';
import { Gazetteer } from './Gazetteer';
import { Place } from './Place';

/** What a label needs of a place: a draft's Place or a case's stored location. */
export type LabelledPlace = Pick<Place, 'text' | 'kind' | 'street' | 'number' | 'unit' | 'crossStreet' | 'landmark'> & { known?: boolean };

/**
 * A place as a resident reads it in their language: "45, rue Elm" for "45 Elm St" in French, from the gazetteer's
 * names for its streets and landmarks. The case keeps the town's canonical text; only what residents see changes.
 */
export class PlaceLabels {
  constructor(
    private readonly gazetteer: Gazetteer,
    /** The town's own language: its canonical names need no translating. */
    private readonly townLocale: string,
  ) {}

  label(place: LabelledPlace, locale: string, t: TFunction): string {
    const language = locale.split('-')[0];
    if (language === this.townLocale || !place.known || place.unit) return place.text;
    const street = (name?: string) => (name ? this.streetName(name, language) : '');
    switch (place.kind) {
      case 'address':
        return place.number && place.street ? t('place.address', { number: place.number, street: street(place.street) }) : place.text;
      case 'intersection':
        return place.street && place.crossStreet ? t('place.crossing', { a: street(place.street), b: street(place.crossStreet) }) : place.text;
      case 'landmark': {
        if (!place.landmark) return place.street ? street(place.street) : place.text;
        const known = this.gazetteer.landmark(place.landmark);
        const name = known ? this.gazetteer.landmarkName(known, language) : place.landmark;
        // "Town Hall, Main St": a landmark named beside a street keeps that street.
        return place.text.includes(', ') && place.street ? t('place.landmarkOn', { landmark: name, street: street(place.street) }) : name;
      }
    }
  }

  /** The first of the street's names in the language ("rue Main"), else its canonical name. */
  private streetName(name: string, language: string): string {
    return this.gazetteer.street(name)?.aliases[language]?.[0] ?? name;
  }
}
