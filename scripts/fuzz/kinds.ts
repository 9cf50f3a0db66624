import { BotFrameworkFuzzer } from './botframework';
import { DirectLineFuzzer } from './directline';
import { Random } from './random';
import { SmsFuzzer } from './sms';
import { Fuzzer, FuzzTarget } from './target';
import { VoiceFuzzer } from './voice';

export const FUZZ_KINDS = ['sms', 'voice', 'directline', 'botframework'] as const;
export type FuzzKind = (typeof FUZZ_KINDS)[number];

/** The fuzzer of one kind, on its own branch of the seeded sequence. */
export function fuzzerFor(kind: FuzzKind, seed: number, target: FuzzTarget): Fuzzer {
  const r = new Random(seed).fork(FUZZ_KINDS.indexOf(kind) + 1);
  switch (kind) {
    case 'sms':
      return new SmsFuzzer(r, target);
    case 'voice':
      return new VoiceFuzzer(r, target);
    case 'directline':
      return new DirectLineFuzzer(r);
    case 'botframework':
      return new BotFrameworkFuzzer(r);
  }
}
