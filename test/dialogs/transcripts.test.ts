import { DialogHarness } from './dialogHarness';
import { transcripts as english } from './transcripts/en';

const byLocale = { en: english };

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
