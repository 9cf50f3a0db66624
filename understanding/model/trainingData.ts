import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { CATEGORY_IDS, CategoryId } from '../../cases/categories';
import { Intent, isIntent } from '../intents';

/** One labelled message: `locales/<lng>/examples/*.jsonl` (training) or `test/nlu/heldout/<lng>.jsonl` (evaluation). */
export interface Example {
  text: string;
  intent: Intent;
  category?: CategoryId;
  topic?: string;
  gas?: boolean;
  /** Held-out sets only: the place the text names, and the case number in it. */
  address?: string;
  caseNumber?: string;
  language: string;
  /** file:line, for error messages. */
  source: string;
}

/** What a knowledge topic says about how residents ask for it. */
export interface TopicWording {
  topic: string;
  language: string;
  title: string;
  questions: string[];
  /** All keywords as one text. */
  keywords: string;
}

export interface TrainingData {
  examples: Example[];
  topics: TopicWording[];
  /** Any text known to be in a language (examples, answers, the bot's own sentences): what language detection learns from. */
  languageTexts: Map<string, string[]>;
  /** Words of places that every language uses alike ("St", "rue", "Ave"): an address says nothing of its writer's language. */
  neutralWords: string[];
}

/** Every file the model is trained from, so the model cache knows when to rebuild. */
export function trainingFiles(contentRoot: string): string[] {
  const files: string[] = [];
  const localesDir = path.join(contentRoot, 'locales');
  for (const language of subfolders(localesDir)) {
    const examplesDir = path.join(localesDir, language, 'examples');
    files.push(...filesEndingWith(examplesDir, '.jsonl'));
    for (const name of ['translation.json', 'vocabulary.json', 'places.json']) {
      const file = path.join(localesDir, language, name);
      if (existsSync(file)) files.push(file);
    }
  }
  const knowledgeDir = path.join(contentRoot, 'knowledge');
  for (const language of subfolders(knowledgeDir)) files.push(...filesEndingWith(path.join(knowledgeDir, language), '.md'));
  return files;
}

/** The held-out sets, kept out of training: `test/nlu/heldout/<lng>.jsonl`. */
export function heldOutFiles(contentRoot: string): string[] {
  return filesEndingWith(path.join(contentRoot, 'test', 'nlu', 'heldout'), '.jsonl');
}

export function loadTrainingData(contentRoot: string): TrainingData {
  const knowledgeDir = path.join(contentRoot, 'knowledge');
  const topics = subfolders(knowledgeDir).flatMap((language) => readTopics(path.join(knowledgeDir, language), language));
  const topicIds = new Set(topics.map((t) => t.topic));
  const localesDir = path.join(contentRoot, 'locales');
  const examples: Example[] = [];
  const languageTexts = new Map<string, string[]>();
  const textsOf = (language: string) => languageTexts.get(language) ?? languageTexts.set(language, []).get(language)!;
  const neutralWords: string[] = [];
  for (const language of subfolders(localesDir)) {
    const placeWords = path.join(localesDir, language, 'places.json');
    if (existsSync(placeWords)) neutralWords.push(...streetTypesOf(JSON.parse(readFileSync(placeWords, 'utf8'))));
    for (const file of filesEndingWith(path.join(localesDir, language, 'examples'), '.jsonl')) {
      examples.push(...readExamples(file, language, topicIds));
    }
    const translation = path.join(localesDir, language, 'translation.json');
    if (existsSync(translation)) textsOf(language).push(...sentencesOfTranslation(JSON.parse(readFileSync(translation, 'utf8'))));
  }
  // "en français svp" in the English examples asks for French: requests to change language teach no language.
  for (const example of examples) if (example.intent !== 'change_language') textsOf(example.language).push(example.text);
  for (const wording of topics) textsOf(wording.language).push(wording.title, ...wording.questions);
  for (const language of subfolders(knowledgeDir)) textsOf(language).push(...answerSentences(path.join(knowledgeDir, language)));
  return { examples, topics, languageTexts, neutralWords };
}

/** Every way places.json writes a street type ("st", "street", "rue"): they mark no language. */
function streetTypesOf(placeWords: unknown): string[] {
  const types = (placeWords as { streetTypes?: Record<string, unknown> }).streetTypes ?? {};
  return Object.values(types).flatMap((words) => (Array.isArray(words) ? words.filter((t): t is string => typeof t === 'string') : []));
}

export function loadHeldOut(contentRoot: string): Map<string, Example[]> {
  const knowledgeDir = path.join(contentRoot, 'knowledge');
  const topicIds = new Set(subfolders(knowledgeDir).flatMap((language) => readTopics(path.join(knowledgeDir, language), language).map((t) => t.topic)));
  const sets = new Map<string, Example[]>();
  for (const file of heldOutFiles(contentRoot)) {
    const language = path.basename(file, '.jsonl');
    sets.set(language, readExamples(file, language, topicIds));
  }
  return sets;
}

/**
 * A held-out text that is also a training example measures memory, not understanding: training refuses it.
 * Compared trimmed and in lower case.
 */
export function assertHeldOutUnseen(training: Example[], heldOut: Iterable<Example>): void {
  const trained = new Map(training.map((e) => [e.text.trim().toLowerCase(), e.source]));
  const repeats: string[] = [];
  for (const example of heldOut) {
    const source = trained.get(example.text.trim().toLowerCase());
    if (source) repeats.push(`  ${JSON.stringify(example.text)}: ${example.source} and ${source}`);
  }
  if (repeats.length > 0) {
    throw new Error(`${repeats.length} held-out texts are also training examples (remove them from one side):\n${repeats.join('\n')}`);
  }
}

export function readExamples(file: string, language: string, topicIds: Set<string>): Example[] {
  const examples: Example[] = [];
  const problems: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const source = `${file}:${i + 1}`;
      try {
        examples.push(parseExample(JSON.parse(line), language, source, topicIds));
      } catch (error) {
        problems.push(`  ${source}: ${(error as Error).message}`);
      }
    });
  if (problems.length > 0) throw new Error(`Malformed examples:\n${problems.join('\n')}`);
  return examples;
}

function parseExample(raw: unknown, language: string, source: string, topicIds: Set<string>): Example {
  if (typeof raw !== 'object' || raw === null) throw new Error('not a JSON object');
  const { text, intent, category, topic, gas, address, caseNumber } = raw as Record<string, unknown>;
  if (typeof text !== 'string' || !text.trim()) throw new Error('"text" must be a non-empty string');
  if (!isIntent(intent)) throw new Error(`unknown intent ${JSON.stringify(intent)}`);
  const example: Example = { text, intent, language, source };
  if (intent === 'report_problem') {
    if (!(CATEGORY_IDS as readonly unknown[]).includes(category)) throw new Error(`a report needs a known "category", not ${JSON.stringify(category)}`);
    example.category = category as CategoryId;
  }
  if (intent === 'ask_question') {
    if (typeof topic !== 'string' || !topicIds.has(topic)) throw new Error(`a question needs the "topic" of a knowledge file, not ${JSON.stringify(topic)}`);
    example.topic = topic;
  }
  if (gas === true) example.gas = true;
  if (typeof address === 'string') example.address = address;
  if (typeof caseNumber === 'string') example.caseNumber = caseNumber;
  return example;
}

function readTopics(dir: string, language: string): TopicWording[] {
  return filesEndingWith(dir, '.md').map((file) => {
    const { data } = matter(readFileSync(file, 'utf8'));
    return {
      topic: path.basename(file, '.md'),
      language,
      title: String(data.title ?? ''),
      questions: Array.isArray(data.questions) ? data.questions.map(String) : [],
      keywords: Array.isArray(data.keywords) ? data.keywords.map(String).join(' ') : '',
    };
  });
}

/** The answers' sentences: plenty of ordinary words of the language, for language detection only. */
function answerSentences(dir: string): string[] {
  return filesEndingWith(dir, '.md').flatMap((file) => splitSentences(matter(readFileSync(file, 'utf8')).content));
}

function sentencesOfTranslation(tree: unknown): string[] {
  if (typeof tree === 'string') return splitSentences(tree.replace(/\{\{[^}]*\}\}|\$t\([^)]*\)/g, ' '));
  if (typeof tree === 'object' && tree !== null) return Object.values(tree).flatMap(sentencesOfTranslation);
  return [];
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
}

function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function filesEndingWith(dir: string, ending: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ending))
    .sort()
    .map((f) => path.join(dir, f));
}
