import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import { normalise } from './text';

const frontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: z.string().min(1),
  questions: z.array(z.string()).min(1),
  keywords: z.array(z.coerce.string()).default([]),
  topic: z.string().min(1),
  url: z.string().url().optional(),
  /** A fact the gazetteer holds per street (e.g. collectionDay): a question naming a street gets that street's. */
  streetFact: z.string().optional(),
});

export interface Topic {
  id: string;
  title: string;
  questions: string[];
  keywords: string[];
  topic: string;
  url?: string;
  streetFact?: string;
  answer: string;
}

export interface KnowledgeMatch {
  topic: Topic;
  score: number;
}

/** Below this a match is a guess, and a wrong answer is worse than "I don't know". */
const MIN_SCORE = 4;

/** The city's answers (knowledge/<lng>/*.md), searched in process: the topics are few and rarely change. */
export class KnowledgeBase {
  private readonly indexes = new Map<string, { search: MiniSearch<Topic>; topics: Map<string, Topic> }>();

  constructor(
    private readonly fallbackLocale: string,
    private readonly stopWords: (locale: string) => string[],
  ) {}

  /** Reads every language folder; a malformed file stops start-up with its name and the problem. */
  load(knowledgeDir: string): this {
    for (const entry of readdirSync(knowledgeDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(knowledgeDir, entry.name);
      const topics = readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => parseTopic(path.join(dir, f)));
      this.index(entry.name, topics);
    }
    return this;
  }

  index(locale: string, topics: Topic[]): void {
    const stop = new Set(this.stopWords(locale).map(normalise));
    const search = new MiniSearch<Topic>({
      fields: ['title', 'questions', 'keywords'],
      storeFields: ['id'],
      extractField: (doc, field) => {
        const value = doc[field as keyof Topic];
        return Array.isArray(value) ? value.join(' \n ') : String(value ?? '');
      },
      processTerm: (term) => {
        const t = normalise(term);
        return t && !stop.has(t) ? t : null;
      },
      // Typos are forgiven in longer words only: one letter off a short word is another word ("mall", "hall").
      searchOptions: { boost: { keywords: 2, title: 1.5 }, fuzzy: (term) => (term.length > 5 ? 0.2 : false), prefix: (term) => term.length > 4 },
    });
    search.addAll(topics);
    this.indexes.set(locale, { search, topics: new Map(topics.map((t) => [t.id, t])) });
  }

  /** The best answers for a question, best first; empty when nothing matches well enough. */
  search(question: string, locale: string, limit = 3): KnowledgeMatch[] {
    const index = this.indexes.get(locale) ?? this.indexes.get(this.fallbackLocale);
    if (!index) return [];
    return index.search
      .search(question)
      .filter((hit) => hit.score >= MIN_SCORE)
      .slice(0, limit)
      .map((hit) => ({ topic: index.topics.get(hit.id as string)!, score: hit.score }));
  }

  /** A topic by id in a language (or the fallback language when it is not translated). */
  get(id: string, locale: string): Topic | undefined {
    return (this.indexes.get(locale) ?? this.indexes.get(this.fallbackLocale))?.topics.get(id) ?? this.indexes.get(this.fallbackLocale)?.topics.get(id);
  }

  topicCount(locale: string): number {
    return this.indexes.get(locale)?.topics.size ?? 0;
  }
}

function parseTopic(file: string): Topic {
  const { data, content } = matter(readFileSync(file, 'utf8'));
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  if (parsed.data.id !== path.basename(file, '.md')) throw new Error(`${file}: id "${parsed.data.id}" must match the file name`);
  const answer = content.trim();
  if (!answer) throw new Error(`${file}: the answer (text below the front matter) is empty`);
  return { ...parsed.data, answer };
}
