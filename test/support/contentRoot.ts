import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

/**
 * A content folder (locales/, knowledge/) with the project's English and small translations from
 * test/fixtures/voice-<lng>, so a test can switch languages whatever stage the real translations are at.
 */
export function contentRootWith(...languages: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'civicline-content-'));
  symlinkSync(path.join(PROJECT_ROOT, 'knowledge'), path.join(root, 'knowledge'));
  // Copied, not linked: language folders are found by listing directories.
  cpSync(path.join(PROJECT_ROOT, 'locales', 'en'), path.join(root, 'locales', 'en'), { recursive: true });
  for (const language of languages) {
    mkdirSync(path.join(root, 'locales', language), { recursive: true });
    cpSync(path.join(PROJECT_ROOT, 'test', 'fixtures', `voice-${language}`, 'translation.json'), path.join(root, 'locales', language, 'translation.json'));
  }
  return root;
}

export function contentRootWithFrench(): string {
  return contentRootWith('fr');
}
