import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { speechHintsFrom } from '../../channels/voice/speechHints';
import { PROJECT_ROOT } from '../support/paths';

function contentWith(files: Record<string, unknown>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'civicline-hints-'));
  mkdirSync(path.join(root, 'knowledge'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(root, 'knowledge', name), JSON.stringify(content));
  return root;
}

describe('speech hints: the places a caller may name', () => {
  it("reads the town's streets as spoken", () => {
    const hints = speechHintsFrom(PROJECT_ROOT)('en');
    expect(hints).toEqual(expect.arrayContaining(['Main Street', 'Maple Avenue', 'Cedar Crescent', 'Station Road']));
  });

  it("gives full names in the caller's language, streets and named places", () => {
    const root = contentWith({
      'gazetteer.json': {
        streets: [
          { name: 'Main St', aliases: { en: ['Main Street', 'Main'], fr: ['rue Main', 'rue Principale'] } },
          { name: 'Elm St', aliases: { en: ['Elm'] } },
        ],
        landmarks: [{ name: 'Town Hall', names: { fr: 'Hôtel de ville' }, aliases: { en: ['town hall', 'city hall'], fr: ['mairie'] } }],
      },
    });
    const hints = speechHintsFrom(root);
    expect(hints('en')).toEqual(['Main Street', 'Elm St', 'town hall', 'city hall']);
    expect(hints('fr')).toEqual(['rue Main', 'rue Principale', 'Elm St', 'Hôtel de ville']);
  });
});
