import { DialogHarness } from './dialogHarness';
import { transcripts as english } from './transcripts/en';
import { transcripts as french } from './transcripts/fr';

const byLocale = { en: english, fr: french };

describe.each(Object.entries(byLocale))('dialog transcripts in %s', (locale, transcripts) => {
  let harness: DialogHarness;
  beforeAll(async () => {
    harness = await DialogHarness.create(`transcripts_${locale}`);
  });
  afterAll(() => harness.close());

  it.each(transcripts.map((t) => [t.name, t] as const))('%s', async (_name, transcript) => {
    await harness.play(transcript, locale);
  });
});
