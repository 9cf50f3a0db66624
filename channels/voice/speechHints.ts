import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A street or landmark of the gazetteer: its name, and what people call it in each language. */
interface NamedPlace {
  name: string;
  names?: Record<string, string>;
  aliases?: Record<string, string[]>;
}

/**
 * The words a caller is likely to say when asked where: the town's streets and named places (from its gazetteer,
 * knowledge/gazetteer.json), in the caller's language.
 */
export function speechHintsFrom(contentRoot: string): (locale: string) => string[] {
  const gazetteer = path.join(contentRoot, 'knowledge', 'gazetteer.json');
  const { streets = [], landmarks = [] } = JSON.parse(readFileSync(gazetteer, 'utf8')) as { streets?: NamedPlace[]; landmarks?: NamedPlace[] };
  const places = [...streets, ...landmarks];
  return (locale) => unique(places.flatMap((place) => spokenNames(place, locale)));
}

/** "Main Street" rather than "Main St" or "Main": the full names are what recognition needs help with. */
function spokenNames(place: NamedPlace, locale: string): string[] {
  const aliases = place.aliases?.[locale] ?? [];
  const full = aliases.filter((alias) => alias.includes(' '));
  return full.length > 0 ? full : [place.names?.[locale] ?? place.name];
}

function unique(words: string[]): string[] {
  return [...new Set(words)];
}
