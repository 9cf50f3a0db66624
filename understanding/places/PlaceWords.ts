import { PlaceVocabulary } from './PlaceVocabulary';
import { PhraseSet } from './tokens';

/**
 * One language's place words, ready for matching. Joiners, unit words and directions of the town's language
 * are understood in every language: "King and Queen" or "apt 3" often appear in a French text.
 */
export class PlaceWords {
  readonly articles: PhraseSet;
  readonly joiners: PhraseSet;
  readonly betweenWords: PhraseSet;
  readonly streetMarkers: PhraseSet;
  readonly markers: PhraseSet;
  readonly notMarkersAfter: PhraseSet;
  readonly unitWords: PhraseSet;
  readonly directions: PhraseSet;
  readonly nameConnectors: PhraseSet;
  readonly wordsNamedAfter: PhraseSet;
  readonly notStreetNames: PhraseSet;
  readonly personalWords: PhraseSet;
  readonly privatePlaces: PhraseSet;
  readonly privatePhrases: PhraseSet;
  readonly placeWords: PhraseSet;
  readonly timeWords: PhraseSet;
  readonly landmarkEnds: PhraseSet;
  readonly conversationWords: PhraseSet;
  readonly questionWords: PhraseSet;
  readonly verbs: PhraseSet;
  readonly correctionWords: PhraseSet;
  readonly negations: PhraseSet;
  readonly correctionFillers: PhraseSet;
  /** Single words that are never a misspelt street name. */
  readonly protectedWords: ReadonlySet<string>;

  constructor(own: PlaceVocabulary, town: PlaceVocabulary | undefined) {
    const both = (pick: (v: PlaceVocabulary) => string[]) => new PhraseSet([...pick(own), ...(town && town !== own ? pick(town) : [])]);
    this.articles = new PhraseSet(own.articles);
    this.joiners = both((v) => v.joiners);
    this.betweenWords = new PhraseSet(own.betweenWords);
    this.streetMarkers = new PhraseSet(own.streetMarkers);
    this.markers = new PhraseSet(own.markers);
    this.notMarkersAfter = new PhraseSet(own.notMarkersAfter);
    this.unitWords = both((v) => v.unitWords);
    this.directions = both((v) => v.directions);
    this.nameConnectors = new PhraseSet(own.nameConnectors);
    this.wordsNamedAfter = both((v) => v.wordsNamedAfter);
    this.notStreetNames = new PhraseSet(own.notStreetNames);
    this.personalWords = new PhraseSet(own.personalWords);
    this.privatePlaces = new PhraseSet(own.privatePlaces);
    this.privatePhrases = new PhraseSet(own.privatePhrases);
    this.placeWords = new PhraseSet(own.placeWords);
    this.timeWords = new PhraseSet(own.timeWords);
    this.landmarkEnds = new PhraseSet(own.landmarkEnds);
    this.conversationWords = new PhraseSet(own.conversationWords);
    this.questionWords = new PhraseSet(own.questionWords);
    this.verbs = new PhraseSet(own.verbs);
    this.correctionWords = new PhraseSet(own.correctionWords);
    this.negations = new PhraseSet(own.negations);
    this.correctionFillers = new PhraseSet(own.correctionFillers);
    this.protectedWords = new Set(
      [own.articles, own.joiners, own.markers, own.streetMarkers, own.notStreetNames, own.conversationWords, own.timeWords, own.nameConnectors, Object.values(own.streetTypes).flat()]
        .flat()
        .flatMap((phrase) => (phrase.includes(' ') ? [] : [PhraseSet.norm(phrase)])),
    );
  }
}
