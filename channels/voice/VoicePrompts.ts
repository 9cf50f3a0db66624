import { Connection, Model, Schema } from 'mongoose';
import { GatherSpec, Utterance } from './voiceTwiml';

/**
 * What a call was last asked, kept per (call, step) so that webhooks without a bot turn can say it again: after a
 * wrong key, or to tell staff who is being transferred. Steps are random ids carried in the webhook URLs.
 */
export interface StoredPrompt {
  locale: string;
  prompt: Utterance[];
  gather: Omit<GatherSpec, 'action'>;
  /** For a transfer: what the staff member hears first. */
  whisper?: Utterance[];
}

interface PromptDoc extends StoredPrompt {
  _id: string;
  createdAt: Date;
}

export class VoicePrompts {
  private readonly prompts: Model<PromptDoc>;

  constructor(connection: Connection) {
    const schema = new Schema<PromptDoc>(
      { _id: String, locale: String, prompt: Schema.Types.Mixed, gather: Schema.Types.Mixed, whisper: Schema.Types.Mixed, createdAt: Date },
      { versionKey: false },
    );
    this.prompts = connection.models.voicePrompts ?? connection.model<PromptDoc>('voicePrompts', schema, 'voicePrompts');
  }

  async save(callSid: string, step: string, prompt: StoredPrompt): Promise<void> {
    await this.prompts.create({ _id: `${callSid}:${step}`, ...prompt, createdAt: new Date() });
  }

  async find(callSid: string, step: string): Promise<StoredPrompt | null> {
    const found = await this.prompts.findById(`${callSid}:${step}`).lean();
    if (!found) return null;
    const { locale, prompt, gather, whisper } = found;
    return { locale, prompt, gather, ...(whisper ? { whisper } : {}) };
  }

  /** Retention: a call's questions are only needed while the call lasts. */
  async deleteBefore(cutoff: Date): Promise<number> {
    return (await this.prompts.deleteMany({ createdAt: { $lt: cutoff } })).deletedCount;
  }
}
