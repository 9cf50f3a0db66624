import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';

export type Expected = string | RegExp;
/** One turn: what the resident texts, and what the answer must contain, in order. */
export type TranscriptStep = [utterance: string, ...replies: Expected[]];
export interface Transcript {
  name: string;
  /** Phone number the resident texts from (their address for "my reports"). */
  from?: string;
  steps: TranscriptStep[];
}

/** Plays transcripts through the whole app over signed SMS webhooks, as a resident with a phone would. */
export class TranscriptPlayer {
  private constructor(readonly civicLine: CivicLine) {}

  /** `env`: settings as in .env (e.g. OPENING_HOURS), over the test configuration. */
  static async create(label: string, env: Record<string, string> = {}): Promise<TranscriptPlayer> {
    return new TranscriptPlayer(await startCivicLine(label, env));
  }

  async play(transcript: Transcript, phone: string): Promise<void> {
    const resident = new TextingResident(this.civicLine, transcript.from ?? phone);
    for (const [utterance, ...expected] of transcript.steps) {
      const reply = await resident.say(utterance);
      let rest = reply;
      for (const expectation of expected) {
        const match = typeof expectation === 'string' ? indexOf(rest, expectation) : expectation.exec(rest);
        if (!match) throw new Error(`After "${utterance}" expected ${String(expectation)} in:\n${reply}`);
        rest = rest.slice(match.index + match[0].length);
      }
    }
  }

  close(): Promise<void> {
    return this.civicLine.close();
  }
}

function indexOf(text: string, part: string): { index: number; 0: string } | null {
  const index = text.indexOf(part);
  return index < 0 ? null : { index, 0: part };
}
