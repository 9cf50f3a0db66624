import { LocationParser } from '../LocationParser';
import { Vocabulary } from '../Vocabulary';
import { Place, PlaceFinder } from './Place';

/**
 * The vocabulary-based LocationParser behind the PlaceFinder seam, until the gazetteer replaces it. It knows
 * street shapes, not the town's streets, so no place it finds is `known`.
 */
export class LocationParserPlaceFinder implements PlaceFinder {
  private readonly parsers = new Map<string, LocationParser>();

  constructor(
    private readonly vocabularies: Map<string, Vocabulary>,
    private readonly fallbackLocale: string,
  ) {}

  find(text: string, locale: string): Place | null {
    const found = this.parserFor(locale).find(text);
    if (!found) return null;
    if (found.kind === 'address') {
      const [, number, street] = /^(\d+[a-z]?)\s+(.+)$/i.exec(found.text) ?? [];
      return { text: found.text, kind: 'address', number, street, known: false };
    }
    if (found.kind === 'intersection') {
      const [street, crossStreet] = found.text.split(' & ');
      return { text: found.text, kind: 'intersection', street, crossStreet, known: false };
    }
    return { text: found.text, kind: 'landmark', landmark: found.text, known: false };
  }

  private parserFor(locale: string): LocationParser {
    const key = this.vocabularies.has(locale) ? locale : this.fallbackLocale;
    let parser = this.parsers.get(key);
    if (!parser) {
      const words = this.vocabularies.get(key);
      if (!words) throw new Error(`No vocabulary for "${locale}" nor the fallback "${this.fallbackLocale}"`);
      parser = new LocationParser(words.location);
      this.parsers.set(key, parser);
    }
    return parser;
  }
}
