import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

/**
 * A content folder (locales/, knowledge/) with the project's English and a small French translation from
 * test/fixtures/voice-fr, so a test can switch languages whatever stage the real French translation is at.
 */
export function contentRootWithFrench(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'civicline-content-'));
  symlinkSync(path.join(PROJECT_ROOT, 'knowledge'), path.join(root, 'knowledge'));
  mkdirSync(path.join(root, 'locales', 'fr'), { recursive: true });
  // Copied, not linked: language folders are found by listing directories.
  cpSync(path.join(PROJECT_ROOT, 'locales', 'en'), path.join(root, 'locales', 'en'), { recursive: true });
  cpSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'voice-fr', 'translation.json'), path.join(root, 'locales', 'fr', 'translation.json'));
  return root;
}
