import { TranscriptPlayer } from './dialogHarness';
import { transcripts as english } from './transcripts/en';
import { transcripts as french } from './transcripts/fr';

const byLocale = { en: english, fr: french };

describe.each(Object.entries(byLocale))('dialog transcripts in %s', (locale, transcripts) => {
  let player: TranscriptPlayer;
  beforeAll(async () => {
    player = await TranscriptPlayer.create(`transcripts_${locale}`);
  });
  afterAll(() => player.close());

  it.each(transcripts.map((t, i) => [t.name, t, i] as const))('%s', async (_name, transcript, i) => {
    await player.play(transcript, `+1289557${String(i).padStart(4, '0')}`);
  });
});
