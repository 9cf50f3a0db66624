/**
 * Checks the scripted conversations (scripts/conversations/scenarios/*.json) without running the bot: each loads,
 * names a known category or knowledge topic, a street of the sample town (with a civic number in range, streets
 * that really meet, a named place that exists), a locale we speak; ids and openings are unique. Prints how many
 * conversations there are per language, kind, category, topic and kind of place. Exits non-zero on any error.
 *
 *   npx tsx scripts/conversations/checkScenarios.ts
 *
 * Ids read <locale>-<category>-… for reports, <locale>-q-… for questions, <locale>-911-… for dangers and
 * <locale>-person-… for people, so `npm run bench:conversations -- --only fr-pothole` plays one group.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORY_IDS } from '../../cases/categories';
import { SampleTown, loadSampleTown } from './SampleTown';
import { ExpectedPlace, Persona, Scenario, loadScenarios } from './Scenario';

const ROOT = path.resolve(__dirname, '..', '..');
const FOLDER = path.join(__dirname, 'scenarios');
const LOCALES = ['en', 'fr'];
/** Topics being added beside knowledge/en (the brief's shared vocabulary). */
const EXTRA_TOPICS = ['power-outage'];
const KINDS = ['report', 'question', 'emergency', 'person'] as const;
const MIN_PER_CATEGORY = 4;
/** The word a resident in danger does not type: the bot must hear the danger, not a keyword. */
const EMERGENCY_WORD = /\b(emergency|emergencies|urgence|urgences)\b/i;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const DAY_NAMES: Record<string, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'],
};

function main(): number {
  const errors: string[] = [];
  const warnings: string[] = [];
  let scenarios: Scenario[];
  try {
    scenarios = loadScenarios(FOLDER);
  } catch (error) {
    console.error(`Cannot load the scenarios: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  errors.push(...checkFileLocales());
  const town = loadSampleTown(ROOT);
  const topics = knowledgeTopics();
  for (const s of scenarios) for (const problem of checkScenario(s, town, topics)) errors.push(`${s.id}: ${problem}`);
  warnings.push(...missingAnswers(scenarios, topics));
  errors.push(...duplicateOpenings(scenarios));
  warnings.push(...thinCategories(scenarios));
  if (!town.mapped) warnings.push('no knowledge/gazetteer.json: civic numbers, crossings, landmarks and collection days were not checked');

  printCounts(scenarios, topics);
  for (const w of warnings) console.log(`warning: ${w}`);
  for (const e of errors) console.log(`ERROR: ${e}`);
  console.log(errors.length ? `\n${errors.length} error(s).` : '\nAll scenarios are valid.');
  return errors.length ? 1 : 0;
}

/** en-*.json holds English residents only, fr-*.json French ones: `--only fr` and readers rely on it. */
function checkFileLocales(): string[] {
  const problems: string[] = [];
  for (const file of readdirSync(FOLDER).filter((f) => f.endsWith('.json'))) {
    const prefix = file.split('-')[0];
    if (!LOCALES.includes(prefix)) problems.push(`${file}: the file name does not start with a locale (${LOCALES.join(', ')})`);
    for (const s of JSON.parse(readFileSync(path.join(FOLDER, file), 'utf8')) as Scenario[]) {
      if (s.locale !== prefix) problems.push(`${file}: ${s.id} is in locale ${s.locale}`);
    }
  }
  return problems;
}

function knowledgeTopics(): Set<string> {
  const files = readdirSync(path.join(ROOT, 'knowledge', 'en')).filter((f) => f.endsWith('.md'));
  return new Set([...files.map((f) => f.slice(0, -'.md'.length)), ...EXTRA_TOPICS]);
}

/** The judge reads the first sentence of knowledge/<locale>/<topic>.md when a question expects nothing else. */
function missingAnswers(scenarios: Scenario[], topics: Set<string>): string[] {
  const missing = new Map<string, string[]>();
  for (const s of scenarios) {
    if (s.goal.kind !== 'question' || s.goal.expect || !topics.has(s.goal.topic)) continue;
    const file = path.join('knowledge', s.locale, `${s.goal.topic}.md`);
    if (!existsSync(path.join(ROOT, file))) missing.set(s.locale, [...(missing.get(s.locale) ?? []), file]);
  }
  return [...missing].map(([locale, files]) =>
    existsSync(path.join(ROOT, 'knowledge', locale))
      ? `the judge needs ${files.join(', ')}`
      : `knowledge/${locale}/ is not there yet: ${files.length} question(s) in ${locale} need their topic's first sentence from it`,
  );
}

function checkScenario(s: Scenario, town: SampleTown, topics: Set<string>): string[] {
  const problems: string[] = [];
  if (!LOCALES.includes(s.locale)) problems.push(`locale ${s.locale} is not one of ${LOCALES.join(', ')}`);
  if (!s.id.startsWith(`${s.locale}-`)) problems.push(`the id does not start with "${s.locale}-"`);
  if (!s.opening.trim()) problems.push('the opening is empty');
  problems.push(...checkPersona(s.persona));
  const { goal } = s;
  switch (goal.kind) {
    case 'report':
      if (!(CATEGORY_IDS as readonly string[]).includes(goal.category)) problems.push(`unknown category ${goal.category}`);
      problems.push(...checkPlace(goal.place, town));
      break;
    case 'question':
      if (!topics.has(goal.topic)) problems.push(`unknown topic ${goal.topic}`);
      if (goal.expect !== undefined && !goal.expect.trim()) problems.push('expect is empty');
      if (goal.topic === 'collection-schedule' && goal.expect) problems.push(...checkCollectionDay(s, goal.expect, town));
      break;
    case 'emergency':
      if (EMERGENCY_WORD.test(s.opening)) problems.push('an emergency opening names the word instead of the danger');
      if (goal.gas !== undefined && typeof goal.gas !== 'boolean') problems.push('gas must be true or false');
      break;
    case 'person':
      break;
    default:
      problems.push(`unknown goal kind ${(goal as { kind: string }).kind}`);
  }
  if (goal.kind !== 'report' && (s.persona.where || s.persona.atReadBack || s.persona.what)) problems.push('only a reporter needs where, what or atReadBack');
  return problems;
}

function checkPersona(persona: Persona): string[] {
  const problems: string[] = [];
  const texts = (list: unknown) => Array.isArray(list) && list.length > 0 && list.every((t) => typeof t === 'string' && t.trim() !== '');
  if (persona.where !== undefined && !texts(persona.where)) problems.push('where must be a list of answers');
  if (persona.atReadBack !== undefined && !texts(persona.atReadBack)) problems.push('atReadBack must be a list of messages');
  if (persona.menu !== undefined && persona.menu !== 'number' && persona.menu !== 'words') problems.push(`menu is "number" or "words", not ${persona.menu}`);
  for (const key of ['what', 'details', 'yes'] as const) {
    if (persona[key] !== undefined && (typeof persona[key] !== 'string' || !persona[key].trim())) problems.push(`${key} must be a text`);
  }
  return problems;
}

function checkPlace(place: ExpectedPlace, town: SampleTown): string[] {
  const problems: string[] = [];
  if (!place.street && !place.contains) problems.push('the place names neither a street nor words it must contain');
  if (place.known === false) {
    if (!place.contains) problems.push('a place the town cannot know must say which words it keeps (contains)');
    return problems;
  }
  for (const street of [place.street, place.crossStreet]) {
    if (street && !town.streets.has(street)) problems.push(`${street} is not a street of the sample town`);
  }
  if (place.crossStreet && !place.street) problems.push('a cross street needs a street');
  if (place.number !== undefined) {
    if (!/^\d+[A-Z]?$/.test(place.number)) problems.push(`civic number ${place.number} is not a number`);
    if (!place.street) problems.push('a civic number needs a street');
    else if (town.streets.has(place.street) && !town.hasNumber(place.street, place.number)) problems.push(`${place.number} ${place.street} is out of the street's range`);
  }
  if (place.number && place.crossStreet) problems.push('a place is an address or an intersection, not both');
  if (place.street && place.crossStreet && town.streets.has(place.street) && town.streets.has(place.crossStreet) && !town.meet(place.street, place.crossStreet)) {
    problems.push(`${place.street} and ${place.crossStreet} do not meet`);
  }
  if (place.contains && town.mapped && !town.landmarkNames.some((name) => name.toLowerCase().includes(place.contains!.toLowerCase()))) {
    problems.push(`no named place of the town contains "${place.contains}"`);
  }
  return problems;
}

/** "garbage day on elm st?" must expect Elm St's own day. */
function checkCollectionDay(s: Scenario, expect: string, town: SampleTown): string[] {
  const names = DAY_NAMES[s.locale] ?? [];
  const dayIndex = names.indexOf(expect);
  if (dayIndex < 0 || !town.mapped) return [];
  const text = ` ${s.opening.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ')} `;
  const named = [...town.streetWords].filter(([, { words }]) => words.some((w) => text.includes(` ${w} `))).map(([name, { day }]) => ({ name, day }));
  if (named.length !== 1) return [`expects a collection day but names ${named.length} streets`];
  const [{ name, day }] = named;
  return day === WEEKDAYS[dayIndex] ? [] : [`${name} is collected on ${day}, not ${expect}`];
}

function duplicateOpenings(scenarios: Scenario[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const s of scenarios) {
    const key = `${s.locale}:${s.opening.trim().toLowerCase()}`;
    const first = seen.get(key);
    if (first) problems.push(`${s.id}: same opening as ${first} (each scenario is a different resident)`);
    else seen.set(key, s.id);
  }
  return problems;
}

function thinCategories(scenarios: Scenario[]): string[] {
  return CATEGORY_IDS.filter((c) => scenarios.filter((s) => s.goal.kind === 'report' && s.goal.category === c).length < MIN_PER_CATEGORY).map(
    (c) => `category ${c} has fewer than ${MIN_PER_CATEGORY} report scenarios`,
  );
}

function placeKind(place: ExpectedPlace): string {
  if (place.known === false) return 'not on the map';
  if (place.crossStreet) return 'intersection';
  if (place.number) return 'address';
  if (place.contains) return 'landmark';
  return 'street';
}

function printCounts(scenarios: Scenario[], topics: Set<string>): void {
  const count = (filter: (s: Scenario) => boolean, locale?: string) => scenarios.filter((s) => (!locale || s.locale === locale) && filter(s)).length;
  const row = (label: string, filter: (s: Scenario) => boolean, width = 22) =>
    console.log(`${label.padEnd(width)}${[...LOCALES, undefined].map((l) => String(count(filter, l)).padStart(6)).join('')}`);
  const header = (title: string, width = 22) => console.log(`\n${title.padEnd(width)}${[...LOCALES, 'all'].map((l) => l.padStart(6)).join('')}`);

  header('conversations');
  for (const kind of KINDS) row(kind, (s) => s.goal.kind === kind);
  row('total', () => true);

  header('report category');
  for (const c of CATEGORY_IDS) row(c, (s) => s.goal.kind === 'report' && s.goal.category === c);

  header('report place');
  for (const kind of ['address', 'intersection', 'landmark', 'street', 'not on the map']) row(kind, (s) => s.goal.kind === 'report' && placeKind(s.goal.place) === kind);

  header('resident does');
  const persona = (test: (p: Persona) => boolean) => (s: Scenario) => s.goal.kind === 'report' && test(s.persona);
  row('answers "where?"', persona((p) => !!p.where));
  row('first a non-place', persona((p) => (p.where?.length ?? 0) > 1));
  row('says what when asked', persona((p) => !!p.what));
  row('writes at read-back', persona((p) => !!p.atReadBack));
  row('menu by words', persona((p) => p.menu === 'words'));
  row('own kind of yes', persona((p) => !!p.yes));
  row('gas smell', (s) => s.goal.kind === 'emergency' && !!s.goal.gas);

  const asked = [...topics].filter((t) => scenarios.some((s) => s.goal.kind === 'question' && s.goal.topic === t));
  header(`question topic (${asked.length} of ${topics.size})`, 28);
  for (const t of [...topics].sort()) row(t, (s) => s.goal.kind === 'question' && s.goal.topic === t, 28);
  console.log('');
}

process.exit(main());
