import { Gazetteer, Street } from './Gazetteer';
import { LandmarkHit } from './KnownLandmarks';
import { Place } from './Place';
import { Mention } from './streetMentions';

/** A landmark beside a street ("on Main St by the library") is placed on that street when this close. */
const LANDMARK_STREET_REACH_M = 400;

/** Makes Places from what was read, checked against the gazetteer: `known` and coordinates only when it has them. */
export class PlaceBuilder {
  constructor(private readonly gazetteer: Gazetteer) {}

  address(number: string, streetName: Street | string, unit: string | undefined): Place {
    const street = typeof streetName === 'string' ? this.gazetteer.street(streetName) : streetName;
    const name = street?.name ?? (streetName as string);
    const at = street ? this.gazetteer.locate(street, number) : null;
    return { text: `${number} ${name}`, kind: 'address', street: name, number, ...(unit ? { unit } : {}), ...(at ?? {}), known: !!at };
  }

  crossing(a: Mention, b: Mention): Place {
    const at = a.street && b.street ? this.gazetteer.meeting(a.street, b.street) : null;
    return { text: `${a.name} & ${b.name}`, kind: 'intersection', street: a.name, crossStreet: b.name, ...(at ?? {}), known: !!at };
  }

  landmark(hit: LandmarkHit, beside: Mention | undefined): Place {
    const l = hit.landmark;
    if (beside?.street && beside.street.name !== l.street) {
      const near = this.gazetteer.nearestOn(beside.street, l.at);
      const at = near.metres <= LANDMARK_STREET_REACH_M ? near.point : l.at;
      return { text: `${l.name}, ${beside.name}`, kind: 'landmark', landmark: l.name, street: beside.name, ...at, known: true };
    }
    return {
      text: l.name,
      kind: 'landmark',
      landmark: l.name,
      ...(l.street ? { street: l.street } : {}),
      ...(l.number ? { number: l.number } : {}),
      ...(l.crossStreet ? { crossStreet: l.crossStreet } : {}),
      lat: l.at.lat,
      lng: l.at.lng,
      known: true,
    };
  }

  /** A street without a number: known, but no point on it (a whole street would group unrelated reports). */
  street(m: Mention): Place {
    return { text: m.name, kind: 'landmark', street: m.name, known: !!m.street };
  }

  /** "sorry I meant Queen St" keeps the number; at a crossing it replaces the street named wrong (or the cross street). */
  correctedStreet(m: Mention, wrong: Mention[], current: Place | null): Place {
    if (current?.kind === 'address' && current.number) return this.address(current.number, m.street ?? m.name, current.unit);
    if (current?.kind === 'intersection' && current.street && current.crossStreet && m.name !== current.street && m.name !== current.crossStreet) {
      const first = this.gazetteer.street(current.street);
      const second = this.gazetteer.street(current.crossStreet);
      const named = (name: string) => wrong.some((w) => w.name === name);
      const meets = (other: Street | undefined) => !!(m.street && other && this.gazetteer.meeting(m.street, other));
      const replaceFirst = named(current.street) || (!named(current.crossStreet) && !meets(first) && meets(second));
      const kept = replaceFirst ? mentionOf(second, current.crossStreet) : mentionOf(first, current.street);
      return replaceFirst ? this.crossing(m, kept) : this.crossing(kept, m);
    }
    return this.street(m);
  }
}

function mentionOf(street: Street | undefined, name: string): Mention {
  return { start: -1, end: -1, street: street ?? null, name, typed: true, typeMismatch: false, typeFirst: false };
}
