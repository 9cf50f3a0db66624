import path from 'node:path';
import { createI18n, listLocales } from '../../i18n/createI18n';
import { Languages } from '../../i18n/Languages';
import { PROJECT_ROOT } from '../support/paths';

describe("a turn's words on a channel that is heard", () => {
  let languages: Languages;
  beforeAll(async () => {
    const localesDir = path.join(PROJECT_ROOT, 'locales');
    languages = new Languages(await createI18n(localesDir, 'en'), 'en', 'America/Toronto', 'CA', listLocales(localesDir));
  });

  it('says the spoken variant of a sentence where there is one, with the same placeholders', () => {
    const written = languages.turnLanguage('en').t('status.askNumber');
    const spoken = languages.turnLanguage('en', { speech: true }).t('status.askNumber');
    expect(written).toContain('BP-2026-0142');
    expect(spoken).toBe('Please key in your 8-digit case number, then press the pound key.');
    const submitted = languages.turnLanguage('en', { speech: true }).t('report.submitted', { number: '48219375', team: 'road crew', expected: 'Friday' });
    expect(submitted).toContain('48219375');
    expect(submitted).not.toMatch(/text|status/i);
  });

  it('falls back to the written sentence where no spoken variant exists', () => {
    expect(languages.turnLanguage('en', { speech: true }).t('category.pothole')).toBe('Pothole');
  });

  it('spells dates out, written or heard', () => {
    const friday = new Date('2026-11-27T15:00:00Z');
    expect(languages.turnLanguage('en').date(friday)).toBe('Friday, November 27');
    expect(languages.turnLanguage('en', { speech: true }).date(friday)).toBe('Friday, November 27');
  });
});
