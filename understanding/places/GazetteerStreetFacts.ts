import { StreetFacts } from '../../dialogs/FaqAnswers';
import { Gazetteer } from './Gazetteer';

/** The facts the gazetteer keeps per street, for answers that depend on the street ("garbage day on King St"). */
export class GazetteerStreetFacts implements StreetFacts {
  constructor(private readonly gazetteer: Gazetteer) {}

  fact(street: string, fact: string): string | undefined {
    const found = this.gazetteer.street(street);
    return fact === 'collectionDay' ? found?.collectionDay : undefined;
  }
}
