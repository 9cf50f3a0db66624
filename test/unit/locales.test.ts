import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { i18n } from 'i18next';
import { CATEGORY_IDS, getCategory } from '../../cases/categories';
import { STATUS_CODES } from '../../cases/statuses';
import { isOptOutKeyword } from '../../channels/sms/carrierKeywords';
import { gsm7Transliterate, smsSegments } from '../../channels/sms/smsSegments';
import { createI18n, listLocales } from '../../i18n/createI18n';
import { PERMIT_STEPS } from '../../permits/PermitStatusProvider';
import { loadPlaceVocabularies } from '../../understanding/places/PlaceVocabulary';
import { loadVocabularies } from '../../understanding/Vocabulary';
import { PROJECT_ROOT } from '../support/paths';

const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');
const KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'knowledge');
const CODE_DIRS = ['app', 'bot', 'dialogs', 'channels', 'callbacks', 'hours', 'notifications'];
const LOCALES = listLocales(LOCALES_DIR);
const OTHER_LOCALES = LOCALES.filter((locale) => locale !== 'en');
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

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

  it('names every category, crew queue, case status and permit step', () => {
    const needed = [
      ...CATEGORY_IDS.map((id) => `category.${id}`),
      ...CATEGORY_IDS.map((id) => `queue.${getCategory(id).queue}`),
      ...STATUS_CODES.flatMap((code) => [`status.name.${code}`, `status.explain.${code}`]),
      ...PERMIT_STEPS.flatMap((step) => [`permitStep.name.${step}`, `permitStep.explain.${step}`]),
    ];
    expect(needed.filter((key) => !has(english, key))).toEqual([]);
  });

  it('has a written sentence for every spoken variant (a `_speak` key only changes how it is heard)', () => {
    const orphans = [...english.keys()]
      .filter((key) => /_speak(_|$)/.test(key))
      .map((key) => key.replace(/_speak(?=_|$)/, ''))
      .filter((key) => !english.has(key));
    expect(orphans).toEqual([]);
  });

  it.each(LOCALES)('speaks (%s) only the blanks its written sentence fills: a caller never hears "{{description}}"', (locale) => {
    const sentences = translations(locale);
    const blanks = (text: string) => [...text.matchAll(/{{\s*([\w.]+)/g)].map((m) => m[1]);
    const unfilled = [...sentences]
      .filter(([key]) => /_speak(_|$)/.test(key))
      .flatMap(([key, spoken]) => {
        const written = blanks(sentences.get(key.replace(/_speak(?=_|$)/, '')) ?? '');
        return blanks(spoken).filter((blank) => blank !== 'count' && !written.includes(blank)).map((blank) => `${key}: ${blank}`);
      });
    expect(unfilled).toEqual([]);
  });

  it("loads every language's vocabulary", () => {
    // A language is a folder with sentences; its words for places may arrive before the rest.
    const locales = listLocales(LOCALES_DIR).filter((locale) => existsSync(path.join(LOCALES_DIR, locale, 'translation.json')));
    expect([...loadVocabularies(LOCALES_DIR, locales).keys()]).toEqual(locales);
  });

  it("loads every language's place words, with a word for every street type of the town", () => {
    const locales = listLocales(LOCALES_DIR);
    const places = loadPlaceVocabularies(LOCALES_DIR, locales);
    expect([...places.keys()]).toEqual(locales);
    const gazetteer = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'gazetteer.json'), 'utf8')) as { streets: { name: string }[] };
    const types = [...new Set(gazetteer.streets.map((s) => s.name.split(' ').pop()!))];
    for (const [locale, words] of places) expect([locale, types.filter((type) => !words.streetTypes[type])]).toEqual([locale, []]);
  });

  it.each(LOCALES)('never tells an SMS user (%s) to text a carrier opt-out word as a command', (locale) => {
    for (const text of translations(locale).values()) {
      expect(text).not.toMatch(/\b(reply|text|send)\s+(STOP|CANCEL|END|QUIT|UNSUBSCRIBE)\b/i);
      expect(commandWords(text).filter(isOptOutKeyword)).toEqual([]);
    }
  });
});

describe.each(OTHER_LOCALES)('the %s translation is complete', (locale) => {
  const english = translations('en');
  const translated = translations(locale);

  it('has exactly the English keys, plural keys in the forms the language needs', () => {
    expect(singularKeys(translated)).toEqual(singularKeys(english));
    const forms = (keys: Map<string, string>) => pluralForms(keys);
    const englishForms = forms(english);
    const translatedForms = forms(translated);
    expect([...translatedForms.keys()].sort()).toEqual([...englishForms.keys()].sort());
    // i18next picks the form by the language's plural rules (French: one, many, other); "_zero" is i18next's own for 0.
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
    for (const [base, suffixes] of translatedForms) {
      const expected = new Set([...needed, ...(englishForms.get(base)!.has('zero') ? ['zero'] : [])]);
      expect({ base, forms: [...suffixes].sort() }).toEqual({ base, forms: [...expected].sort() });
    }
  });

  it('uses the same {{placeholders}} and $t(...) references as English', () => {
    const differences: string[] = [];
    for (const [key, text] of translated) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const englishTexts = PLURAL_SUFFIX.test(key)
        ? [...english].filter(([k]) => k.replace(PLURAL_SUFFIX, '') === base).map(([, v]) => v)
        : [english.get(key) ?? ''];
      const allowed = new Set(englishTexts.flatMap(references));
      if (PLURAL_SUFFIX.test(key)) allowed.add('{{count}}'); // "1 photo." in English may be "{{count}} photo" elsewhere
      const missing = PLURAL_SUFFIX.test(key) ? [] : [...allowed].filter((r) => !references(text).includes(r));
      const unknown = references(text).filter((r) => !allowed.has(r));
      if (missing.length || unknown.length) differences.push(`${key}: missing ${missing.join(' ')} unknown ${unknown.join(' ')}`);
    }
    expect(differences).toEqual([]);
  });
});

describe('knowledge: the same topics in every language, each answer two SMS at most', () => {
  const englishIds = topicIds('en');
  const answers = LOCALES.filter((locale) => existsSync(path.join(KNOWLEDGE_DIR, locale))).flatMap((locale) =>
    topicIds(locale).map((id) => [`${locale}/${id}`, locale, path.join(KNOWLEDGE_DIR, locale, `${id}.md`)] as const),
  );
  let i18nInstance: i18n;
  beforeAll(async () => {
    i18nInstance = await createI18n(LOCALES_DIR, 'en');
  });

  it.each(LOCALES)('%s has every topic, with the English ids', (locale) => {
    expect(englishIds.length).toBeGreaterThanOrEqual(48);
    expect(topicIds(locale)).toEqual(englishIds);
  });

  it.each(answers)('%s fits two SMS with its link, once sent in GSM-7', (_name, locale, file) => {
    const { data, content } = matter(readFileSync(file, 'utf8'));
    const sms = `${content.trim()}\n${i18nInstance.getFixedT(locale)('faq.more', { url: data.url as string })}`;
    expect(sms).toContain(String(data.url));
    expect(smsSegments(gsm7Transliterate(sms))).toBeLessThanOrEqual(2);
  });

  it('counts the link line: an answer that fits alone but not with its link fails', () => {
    const body = 'a'.repeat(280);
    expect(smsSegments(body)).toBe(2);
    expect(smsSegments(`${body}\nMore: https://www.elmhurst.example/dog-licence`)).toBe(3);
  });
});

function topicIds(locale: string): string[] {
  const dir = path.join(KNOWLEDGE_DIR, locale);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.basename(f, '.md'))
    .sort();
}

function singularKeys(keys: Map<string, string>): string[] {
  return [...keys.keys()].filter((k) => !PLURAL_SUFFIX.test(k)).sort();
}

function pluralForms(keys: Map<string, string>): Map<string, Set<string>> {
  const forms = new Map<string, Set<string>>();
  for (const key of keys.keys()) {
    const match = PLURAL_SUFFIX.exec(key);
    if (!match) continue;
    const base = key.slice(0, match.index);
    forms.set(base, (forms.get(base) ?? new Set()).add(match[1]));
  }
  return forms;
}

function references(text: string): string[] {
  return [...text.matchAll(/\{\{\s*[\w.]+\s*\}\}|\$t\([^)]*\)/g)].map((m) => m[0].replace(/\s+/g, '')).sort();
}

/** Words a reply asks the resident to send: capitalised commands (HELP, AIDE), words after "reply", "répondez"... */
function commandWords(text: string): string[] {
  const capitals = text.match(/(?<!\p{L})\p{Lu}{2,}(?!\p{L})/gu) ?? [];
  const afterVerb = [...text.matchAll(/\b(?:reply|text|send|type|répondez|repondez|textez|envoyez|écrivez|ecrivez|tapez)\s+"?([\p{L}]+)/giu)].map((m) => m[1]);
  const quoted = [...text.matchAll(/"([\p{L}]+)"/gu)].map((m) => m[1]);
  return [...capitals, ...afterVerb, ...quoted];
}
