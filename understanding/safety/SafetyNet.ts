import { Vocabulary } from '../Vocabulary';
import { PhraseList, wordsOf } from './PhraseList';

interface LanguageLists {
  hazards: PhraseList;
  notHazards: PhraseList;
  gas: PhraseList;
  urgent: PhraseList;
}

/** What the vocabulary's phrases say about the danger in a message. */
export interface Danger {
  /** A danger to life or property now is named ("power line down", "smell gas"). */
  hazard: boolean;
  /** Gas is named (then the gas utility's number goes with 911). */
  gas: boolean;
  /** A hazard that is not 911 ("huge pothole", "kids could trip"). */
  urgent: boolean;
}

/**
 * The vocabulary's hazard phrases, under the model: a missed emergency is the one mistake that can cost a
 * life, so any language's phrases count, whatever language the message was taken for. `notHazards` are read
 * first and hide their words ("fire hydrant", "nobody hurt").
 */
export class SafetyNet {
  private readonly lists: LanguageLists[];

  constructor(vocabularies: Iterable<Vocabulary>) {
    this.lists = [...vocabularies].map((v) => ({
      hazards: new PhraseList(v.emergency.hazards),
      notHazards: new PhraseList(v.emergency.notHazards),
      gas: new PhraseList(v.emergency.gas),
      urgent: new PhraseList(v.urgent),
    }));
  }

  assess(text: string): Danger {
    const words = wordsOf(text);
    const danger: Danger = { hazard: false, gas: false, urgent: false };
    for (const lists of this.lists) {
      const hidden = lists.notHazards.take(words);
      danger.hazard ||= lists.hazards.matches(words, hidden).length > 0;
      danger.gas ||= lists.gas.matches(words, hidden).length > 0;
      danger.urgent ||= lists.urgent.matches(words).length > 0;
    }
    return danger;
  }
}
