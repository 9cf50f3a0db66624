import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

/**
 * A content folder (locales/, knowledge/) with the project's languages plus small translations from
 * test/fixtures/voice-<lng> for languages the project does not speak yet, so a test can call in one of them.
 */
export function contentRootWith(...languages: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'civicline-content-'));
  symlinkSync(path.join(PROJECT_ROOT, 'knowledge'), path.join(root, 'knowledge'));
  // Copied, not linked: language folders are found by listing directories.
  cpSync(path.join(PROJECT_ROOT, 'locales'), path.join(root, 'locales'), { recursive: true });
  for (const language of languages.filter((l) => !existsSync(path.join(PROJECT_ROOT, 'locales', l)))) {
    mkdirSync(path.join(root, 'locales', language), { recursive: true });
    cpSync(path.join(PROJECT_ROOT, 'test', 'fixtures', `voice-${language}`, 'translation.json'), path.join(root, 'locales', language, 'translation.json'));
  }
  return root;
}
