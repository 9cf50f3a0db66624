import { editDistance, letterMask, missingLetters } from './fuzzy';
import { Gazetteer, Street } from './Gazetteer';
import { PlaceVocabulary } from './PlaceVocabulary';
import { fold, Token, tokenise } from './tokens';

export interface StreetType {
  /** Canonical abbreviation ("St"), or null for a plural ("streets", "rues") that names no one type. */
  canonical: string | null;
  /** An everyday word too ("way", "place"). */
  weak: boolean;
}

export interface BaseMatch {
  street: Street;
  /** Token index just after the name. */
  end: number;
  /** Letters off (0 = exact). */
  distance: number;
  /** The name's length in letters, for deciding how many typos to forgive. */
  letters: number;
  /** The type this form of the name carries ("rue Principale" -> St), if any. */
  type?: string;
}

interface BaseName {
  key: string;
  mask: number;
  street: Street;
  type?: string;
}

/** Names are at most this many words ("Lake Shore"); longer runs are not looked up. */
const MAX_NAME_WORDS = 3;

/**
 * The street names of one language: every street's canonical name and aliases split into name and type, the
 * type words of the language (and of the town's own language: street signs are in it), exact and forgiving
 * look-ups ("mian" -> Main, "wellignton" -> Wellington, "lake shore" -> Lakeshore).
 */
export class StreetNames {
  private readonly before = new Map<string, StreetType>();
  private readonly after = new Map<string, StreetType>();
  private readonly exact = new Map<string, BaseName[]>();
  private readonly all: BaseName[] = [];
  private readonly canonicalTypes = new Set<string>();
  private readonly typeOf = new Map<Street, string | undefined>();
  private readonly connectors = new Set<string>();

  constructor(
    gazetteer: Gazetteer,
    own: PlaceVocabulary,
    townLanguage: PlaceVocabulary | undefined,
    locale: string,
    townLocale: string,
    /** Words never taken for a misspelt name ("the", "near", "rue"). */
    private readonly protectedWords: ReadonlySet<string>,
  ) {
    for (const vocabulary of townLanguage && townLanguage !== own ? [own, townLanguage] : [own]) {
      this.addTypes(vocabulary);
      for (const word of vocabulary.nameConnectors) for (const t of tokenise(word)) this.connectors.add(t.norm);
    }
    for (const street of gazetteer.streets) {
      const words = street.name.split(' ');
      const type = words.length > 1 && this.canonicalTypes.has(words[words.length - 1]) ? words[words.length - 1] : undefined;
      this.typeOf.set(street, type);
      const forms = [street.name, ...(street.aliases[locale] ?? []), ...(locale === townLocale ? [] : (street.aliases[townLocale] ?? []))];
      for (const form of forms) this.addName(form, street);
    }
  }

  /** The canonical type of a street ("St" for "Main St"). */
  streetType(street: Street): string | undefined {
    return this.typeOf.get(street);
  }

  typeBefore(token: Token | undefined): StreetType | undefined {
    return token?.kind === 'word' ? this.before.get(token.norm) : undefined;
  }

  typeAfter(token: Token | undefined): StreetType | undefined {
    return token?.kind === 'word' ? this.after.get(token.norm) : undefined;
  }

  /** The street whose name starts at token `i`: the longest exact name, else the closest within two letters. */
  nameAt(tokens: readonly Token[], i: number): BaseMatch | null {
    const windows: { key: string; end: number }[] = [];
    let key = '';
    for (let end = i; end < tokens.length && end - i < MAX_NAME_WORDS && tokens[end].kind === 'word'; end++) {
      key += tokens[end].norm;
      windows.push({ key, end: end + 1 });
    }
    for (const window of [...windows].reverse()) {
      const names = this.exact.get(window.key);
      if (names?.length === 1 || (names && new Set(names.map((n) => n.street)).size === 1)) {
        return { street: names[0].street, end: window.end, distance: 0, letters: window.key.length, type: names[0].type };
      }
    }
    if (this.protectedWords.has(tokens[i]?.norm)) return null;
    let best: BaseMatch | null = null;
    let tie = false;
    for (const window of windows.slice(0, 2)) {
      if (window.key.length < 4) continue;
      const mask = letterMask(window.key);
      for (const name of this.all) {
        if (Math.abs(name.key.length - window.key.length) > 2 || missingLetters(mask, name.mask) > 2) continue;
        const d = editDistance(window.key, name.key, 2);
        if (d > 2) continue;
        if (!best || d < best.distance) {
          best = { street: name.street, end: window.end, distance: d, letters: name.key.length, type: name.type };
          tie = false;
        } else if (d === best.distance && name.street !== best.street) {
          tie = true;
        }
      }
    }
    return tie ? null : best;
  }

  private addTypes(vocabulary: PlaceVocabulary): void {
    const target = vocabulary.streetTypeOrder === 'before' ? this.before : this.after;
    const weak = new Set(vocabulary.weakStreetTypes.map(fold));
    for (const [canonical, words] of Object.entries(vocabulary.streetTypes)) {
      this.canonicalTypes.add(canonical);
      for (const word of words) if (!target.has(fold(word))) target.set(fold(word), { canonical, weak: weak.has(fold(word)) });
      if (!target.has(fold(canonical))) target.set(fold(canonical), { canonical, weak: weak.has(fold(canonical)) });
    }
    for (const word of vocabulary.pluralStreetTypes) if (!target.has(fold(word))) target.set(fold(word), { canonical: null, weak: false });
  }

  /** "Main St" -> main + St; "rue de l'Église" -> eglise + St; "Main" -> main. */
  private addName(form: string, street: Street): void {
    let words = tokenise(form).filter((t) => t.kind === 'word');
    let type: string | undefined;
    const first = this.before.get(words[0]?.norm ?? '');
    const last = this.after.get(words[words.length - 1]?.norm ?? '');
    if (first && words.length > 1) {
      type = first.canonical ?? undefined;
      words = words.slice(1);
      while (words.length > 1 && this.connectors.has(words[0].norm)) words = words.slice(1);
    } else if (last && words.length > 1) {
      type = last.canonical ?? undefined;
      words = words.slice(0, -1);
    }
    const key = words.map((w) => w.norm).join('');
    if (!key) return;
    const name = { key, mask: letterMask(key), street, type };
    if (!this.all.some((n) => n.key === key && n.street === street)) this.all.push(name);
    this.exact.set(key, [...(this.exact.get(key) ?? []), name]);
  }
}

/**
 * How many letters off a name may be. A type word after the name ("mian st") makes a typo safe to forgive
 * from 4 letters; a bare name ("wellignton") only from 6, so "green" never becomes Queen, nor "block" Brock.
 */
export function allowedTypos(letters: number, typed: boolean): number {
  if (typed) return letters >= 7 ? 2 : letters >= 4 ? 1 : 0;
  return letters >= 9 ? 2 : letters >= 6 ? 1 : 0;
}
