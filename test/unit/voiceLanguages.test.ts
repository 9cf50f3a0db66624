import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VoiceLanguages } from '../../channels/voice/VoiceLanguages';
import { listLocales } from '../../i18n/createI18n';
import { PROJECT_ROOT } from '../support/paths';

/** The members of one of the twilio SDK's TwiML enums (e.g. SayVoice), as its type definitions list them. */
function sdkEnum(name: string): Set<string> {
  const types = readFileSync(require.resolve('twilio/lib/twiml/VoiceResponse.d.ts'), 'utf8');
  const line = new RegExp(`type ${name} = ([^;]+);`).exec(types)?.[1] ?? '';
  return new Set([...line.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
}

const PRODUCT_LANGUAGES = ['en', 'fr', 'es', 'pt', 'it', 'zh', 'pa', 'ar', 'tl', 'ur', 'ta'];

describe('the voice language table (channels/voice/voiceLanguages.json)', () => {
  const table = VoiceLanguages.load();

  it('has a row for all eleven languages the product speaks, and for every language folder', () => {
    expect(table.locales.sort()).toEqual([...PRODUCT_LANGUAGES].sort());
    for (const locale of listLocales(path.join(PROJECT_ROOT, 'locales'))) expect(table.locales).toContain(locale);
  });

  it("names only voices and languages Twilio's SDK knows", () => {
    const voices = sdkEnum('SayVoice');
    const sayLanguages = sdkEnum('SayLanguage');
    const gatherLanguages = sdkEnum('GatherLanguage');
    for (const locale of table.locales) {
      const row = table.of(locale);
      if (row.say) {
        expect(voices).toContain(row.say.voice);
        expect(sayLanguages).toContain(row.say.language);
      }
      if (row.recognition) expect(gatherLanguages).toContain(row.recognition);
    }
  });

  it('speaks Canadian English and French with Canadian recognition', () => {
    expect(table.of('en')).toMatchObject({ recognition: 'en-CA', say: { voice: 'Polly.Joanna-Neural' } });
    expect(table.of('fr')).toMatchObject({ recognition: 'fr-CA', say: { language: 'fr-CA', voice: 'Polly.Gabrielle-Neural' } });
  });

  it('gives Urdu, which Twilio cannot speak, recognition and a recorded prompt instead of a voice', () => {
    expect(table.of('ur').say).toBeUndefined();
    expect(table.of('ur')).toMatchObject({ recognition: 'ur-PK', recordedPrompt: expect.stringMatching(/\.mp3$/) });
  });

  it('treats a language without a row as one the phone can neither speak nor hear', () => {
    expect(table.of('de')).toEqual({ locale: 'de' });
  });

  it('refuses a table whose fallback language has no voice', () => {
    expect(() => VoiceLanguages.load({ fallback: 'ur', languages: { ur: { say: null, recognition: 'ur-PK' } } })).toThrow('needs a row with a voice');
    expect(() => VoiceLanguages.load({ fallback: 'en', languages: { en: { say: { language: 'en-US', voice: 'Joanna' }, recognition: 'en-CA' } } })).toThrow('malformed');
  });
});
