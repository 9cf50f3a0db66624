import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CATEGORY_GROUPS, CATEGORY_IDS, getCategory } from '../../cases/categories';
import { STATUS_CODES } from '../../cases/statuses';
import { listLocales } from '../../i18n/createI18n';
import { PERMIT_STEPS } from '../../permits/PermitStatusProvider';
import { loadVocabularies } from '../../understanding/Vocabulary';
import { PROJECT_ROOT } from '../support/paths';

const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');
const CODE_DIRS = ['app', 'bot', 'dialogs', 'channels', 'notifications'];

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.set(full, value);
    else for (const [k, v] of flatten(value, full)) keys.set(k, v);
  }
  return keys;
}

function translations(locale: string): Map<string, string> {
  return flatten(JSON.parse(readFileSync(path.join(LOCALES_DIR, locale, 'translation.json'), 'utf8')) as Tree);
}

/** A key exists when it, or its plural forms (key_one, key_other...), is translated. */
function has(keys: Map<string, string>, key: string): boolean {
  return keys.has(key) || [...keys.keys()].some((k) => k.startsWith(`${key}_`));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('locales', () => {
  const english = translations('en');

  it('translates every key the code asks for by name', () => {
    const used = CODE_DIRS.flatMap((dir) => sourceFiles(path.join(PROJECT_ROOT, dir)))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(30);
    expect(used.filter((key) => !has(english, key))).toEqual([]);
  });

  it('names every category, category group, crew queue, case status and permit step', () => {
    const needed = [
      ...CATEGORY_IDS.map((id) => `category.${id}`),
      ...CATEGORY_IDS.map((id) => `queue.${getCategory(id).queue}`),
      ...Object.keys(CATEGORY_GROUPS).map((group) => `categoryGroup.${group}`),
      ...STATUS_CODES.flatMap((code) => [`status.name.${code}`, `status.explain.${code}`]),
      ...PERMIT_STEPS.flatMap((step) => [`permitStep.name.${step}`, `permitStep.explain.${step}`]),
    ];
    expect(needed.filter((key) => !has(english, key))).toEqual([]);
  });

  it("loads every language's vocabulary", () => {
    const locales = listLocales(LOCALES_DIR);
    expect([...loadVocabularies(LOCALES_DIR, locales).keys()]).toEqual(locales);
  });

  it('never tells an SMS user to text a carrier opt-out word as a command', () => {
    for (const text of english.values()) expect(text).not.toMatch(/\b(reply|text|send)\s+(STOP|CANCEL|END|QUIT|UNSUBSCRIBE)\b/i);
  });
});
