import { z } from 'zod';
import defaultTable from './voiceLanguages.json';

/** How one language is spoken and heard on the phone: Twilio's <Say> voice and <Gather> recognition language. */
export interface VoiceLanguage {
  locale: string;
  /** Absent when Twilio has no voice for the language: the caller reads texts and answers by keypad. */
  say?: { language: string; voice: string };
  /** Absent when Twilio cannot recognise the language: keypad only. */
  recognition?: string;
  /** A recording (under VOICE_RECORDINGS_BASE_URL) played instead of words where there is no voice. */
  recordedPrompt?: string;
}

const rowSchema = z.object({
  say: z.object({ language: z.string().min(2), voice: z.string().regex(/^(Polly|Google)\.\S+$/) }).nullable(),
  recognition: z.string().min(2).nullable(),
  recordedPrompt: z.string().optional(),
});

const tableSchema = z.object({ fallback: z.string(), languages: z.record(z.string(), rowSchema) });

/**
 * Every language's voice and recognition language, from a data file, so a new language needs a row and no code.
 * A language without a row is treated like one Twilio cannot speak or hear: texts and the keypad.
 */
export class VoiceLanguages {
  private constructor(
    private readonly rows: Map<string, VoiceLanguage>,
    /** The language spoken where the caller's own has no voice (its row must have one). */
    readonly fallback: VoiceLanguage & { say: NonNullable<VoiceLanguage['say']> },
  ) {}

  /** The table in channels/voice/voiceLanguages.json (docs/VOICE_LANGUAGES.md explains each row), or another. */
  static load(table: unknown = defaultTable): VoiceLanguages {
    const file = 'voiceLanguages.json';
    const parsed = tableSchema.safeParse(table);
    if (!parsed.success) throw new Error(`${file} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const rows = new Map<string, VoiceLanguage>();
    for (const [locale, row] of Object.entries(parsed.data.languages)) {
      rows.set(locale, {
        locale,
        ...(row.say ? { say: row.say } : {}),
        ...(row.recognition ? { recognition: row.recognition } : {}),
        ...(row.recordedPrompt ? { recordedPrompt: row.recordedPrompt } : {}),
      });
    }
    const fallback = rows.get(parsed.data.fallback);
    if (!fallback?.say) throw new Error(`${file}: the fallback language "${parsed.data.fallback}" needs a row with a voice`);
    return new VoiceLanguages(rows, { ...fallback, say: fallback.say });
  }

  of(locale: string): VoiceLanguage {
    return this.rows.get(locale) ?? { locale };
  }

  get locales(): string[] {
    return [...this.rows.keys()];
  }
}
