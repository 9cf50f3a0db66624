import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CategoryId } from '../../cases/categories';

/** Where a report must end up for the conversation to count as a success. */
export interface ExpectedPlace {
  street?: string;
  number?: string;
  crossStreet?: string;
  /** Words the place text must contain (a landmark). */
  contains?: string;
  /** False when the town's map cannot know the place: it must be kept as written. */
  known?: boolean;
}

export type Goal =
  | { kind: 'report'; category: CategoryId; place: ExpectedPlace }
  | { kind: 'question'; topic: string; /** A fragment the answer must contain; default: the topic's first sentence. */ expect?: string }
  | { kind: 'emergency'; gas?: boolean }
  | { kind: 'person' };

/** How this resident answers the bot's questions, in their own style. */
export interface Persona {
  /** The problem in their words, when asked what it is. */
  what?: string;
  /** Successive answers to "where is it?" (the last one is repeated). */
  where?: string[];
  /** Their answer when asked to describe the problem. */
  details?: string;
  /** How they say yes. */
  yes?: string;
  /** Messages they send at the read-back before saying yes (corrections, questions, "no photo"). */
  atReadBack?: string[];
  /** At a menu, they type the number (default) or the words of the line. */
  menu?: 'number' | 'words';
}

export interface Scenario {
  id: string;
  locale: string;
  goal: Goal;
  opening: string;
  persona: Persona;
}

const FOLDER = path.join(__dirname, 'scenarios');

/** Every scripted conversation (scripts/conversations/scenarios/*.json), each checked for an id and a goal. */
export function loadScenarios(folder = FOLDER): Scenario[] {
  const scenarios = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as Scenario[]).map((s) => ({ ...s, persona: s.persona ?? {} })));
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (!s.id || !s.goal || !s.opening || !s.locale) throw new Error(`A scenario lacks id, locale, goal or opening: ${JSON.stringify(s)}`);
    if (ids.has(s.id)) throw new Error(`Two scenarios are called ${s.id}`);
    ids.add(s.id);
  }
  return scenarios;
}
