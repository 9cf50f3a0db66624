import { Vocabulary } from '../understanding/Vocabulary';
import { containsPhrase, normalise } from '../understanding/text';

/** Which language a resident names ("français", "in english please"), in any language's words. */
export class LanguageNames {
  private readonly names: [locale: string, phrase: string][];

  constructor(vocabularies: Map<string, Vocabulary>) {
    this.names = [...vocabularies.values()].flatMap((words) =>
      Object.entries(words.languageNames).flatMap(([locale, phrases]) => phrases.map((p) => [locale, p] as [string, string])),
    );
  }

  named(text: string): string | undefined {
    const plain = normalise(text);
    return this.names.find(([, phrase]) => containsPhrase(plain, phrase))?.[0];
  }
}
