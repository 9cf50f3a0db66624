import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import i18next, { i18n, Resource } from 'i18next';

/** A sentence ending on an abbreviation ("... 4:30 p.m.") takes no second full stop from its template. */
const SINGLE_FULL_STOP = {
  type: 'postProcessor' as const,
  name: 'singleFullStop',
  process: (value: unknown) => (typeof value === 'string' ? value.replace(/(?<!\.)\.\.(?!\.)/g, '.') : value),
};

/**
 * One i18next instance for the process (made in the composition root, not a global), with every language
 * folder under locales/. A new language is a new folder; code never changes for it.
 */
export async function createI18n(localesDir: string, fallbackLocale: string): Promise<i18n> {
  const resources: Resource = {};
  for (const locale of listLocales(localesDir)) {
    const file = path.join(localesDir, locale, 'translation.json');
    if (existsSync(file)) resources[locale] = { translation: JSON.parse(readFileSync(file, 'utf8')) };
  }
  const instance = i18next.createInstance();
  instance.use(SINGLE_FULL_STOP);
  await instance.init({
    postProcess: [SINGLE_FULL_STOP.name],
    resources,
    lng: fallbackLocale,
    fallbackLng: fallbackLocale,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  });
  return instance;
}

export function listLocales(localesDir: string): string[] {
  return readdirSync(localesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
