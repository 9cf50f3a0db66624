import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectLineResident } from '../support/directLineClient';
import { PROJECT_ROOT } from '../support/paths';
import { WebServer } from '../support/webChatHarness';

const BONJOUR = "Bonjour! Ici la Ville d'Elmhurst. Dites-moi ce dont vous avez besoin, ou choisissez :";

/**
 * The project's content with a second language (a stand-in French: the greeting and menu only), so the test
 * does not depend on how complete the real translations are.
 */
function contentWithFrench(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'civicline-fr-'));
  for (const shared of ['knowledge', 'web', '.cache']) symlinkSync(path.join(PROJECT_ROOT, shared), path.join(root, shared));
  cpSync(path.join(PROJECT_ROOT, 'locales', 'en'), path.join(root, 'locales', 'en'), { recursive: true });
  cpSync(path.join(PROJECT_ROOT, 'locales', 'en'), path.join(root, 'locales', 'fr'), { recursive: true });
  const file = path.join(root, 'locales', 'fr', 'translation.json');
  const fr = JSON.parse(readFileSync(file, 'utf8'));
  fr.help.welcome = BONJOUR;
  fr.language.name = 'Français';
  fr.menu.report = 'Signaler un problème';
  writeFileSync(file, JSON.stringify(fr));
  return root;
}

describe('the greeting, in the language the browser sends when the page joins', () => {
  let root: string;
  let server: WebServer;
  beforeAll(async () => {
    root = contentWithFrench();
    server = await WebServer.start('greetingLanguage', {}, undefined, root);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const greeting = async (language: string, residentKey?: string) => {
    const resident = await DirectLineResident.join(server, { webSocket: true }, residentKey);
    const [hello] = await resident.join(language);
    resident.end();
    return { hello, resident };
  };

  it('greets a French-Canadian browser in French, with the menu in French', async () => {
    const { hello } = await greeting('fr-CA');
    expect(hello.text).toBe(BONJOUR);
    expect(hello.suggestedActions?.actions[0].title).toBe('Signaler un problème');
  });

  it('greets a browser in a language the town does not offer in the default language', async () => {
    expect((await greeting('de-DE')).hello.text).toContain('Hi! This is the Town of Elmhurst');
  });

  it("keeps a returning resident's chosen language over their browser's", async () => {
    const { resident } = await greeting('fr-CA');
    const again = await DirectLineResident.join(server, { webSocket: false }, resident.session.residentKey);
    await again.join('fr-CA');
    expect(await again.sayText('English', { value: { choice: 'language:en' } })).toContain("I'll write to you in English");
    again.end();
    expect((await greeting('fr-CA', resident.session.residentKey)).hello.text).toContain('Hi! This is the Town of Elmhurst');
  });
});
