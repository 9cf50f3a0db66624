import { keysOf, lookupKeysOf, MatchablePlace, placeDistance } from '../../cases/casePlaceMatch';
import { priorityFor } from '../../cases/joining';
import { GROUPING_RULES } from '../../cases/groupingRules';
import { cellOf } from '../../understanding/places/geoCell';

const pothole = { metres: 30 };
const at = (lat: number, lng: number): MatchablePlace => ({ kind: 'address', lat, lng, cell: cellOf(lat, lng) });

describe('which places are the same problem', () => {
  it('by distance when both have coordinates: 16 m is a pothole\'s, 200 m is not; 100 m is an abandoned car\'s', () => {
    const a = at(43.906707, -79.4379);
    expect(placeDistance(pothole, a, at(43.906848, -79.4379))).toBeCloseTo(15.7, 0);
    expect(placeDistance(pothole, a, at(43.908507, -79.4379))).toBeNull();
    expect(placeDistance({ metres: 100 }, a, at(43.907573, -79.4379))).toBeCloseTo(96.3, 0);
  });

  it('without coordinates, by the normalised street and the civic numbers (about 5 m a number)', () => {
    const unknown = (street: string, number: string): MatchablePlace => ({ kind: 'address', street, number });
    expect(placeDistance(pothole, unknown('Acorn Lane', '12'), unknown('acorn ln.', '12'))).toBe(0);
    expect(placeDistance(pothole, unknown('Acorn Lane', '12'), unknown('ACORN LANE', '16'))).toBe(20);
    expect(placeDistance(pothole, unknown('Acorn Lane', '12'), unknown('Acorn Lane', '30'))).toBeNull();
    expect(placeDistance(pothole, unknown('Acorn Lane', '12'), unknown('Oakwood Lane', '12'))).toBeNull();
    expect(placeDistance({ metres: 0 }, unknown('Acorn Lane', '12B'), unknown('acorn lane', '12b'))).toBe(0);
  });

  it('the same landmark or crossing is the same place whatever the distance rule', () => {
    expect(placeDistance({ metres: 0 }, { kind: 'landmark', landmark: 'The Old Mill' }, { kind: 'landmark', landmark: 'old mill' })).toBe(0);
    const corner = (street: string, crossStreet: string): MatchablePlace => ({ kind: 'intersection', street, crossStreet });
    expect(placeDistance({ metres: 0 }, corner('Acorn Lane', 'Birch Rd'), corner('birch road', 'acorn ln'))).toBe(0);
    expect(placeDistance({ metres: 0 }, corner('Acorn Lane', 'Birch Rd'), corner('Acorn Lane', 'Elm St'))).toBeNull();
  });

  it('looks in the neighbouring areas only when the distance reaches them, and files a place under few keys', () => {
    expect(keysOf(at(43.906707, -79.4379))).toEqual([`area:${cellOf(43.906707, -79.4379).slice(0, 5)}`]);
    expect(keysOf({ kind: 'address', street: 'Acorn Lane', number: '12' })).toEqual(['street:acorn ln']);
    expect(lookupKeysOf(at(43.906707, -79.4379), pothole)).toHaveLength(1);
  });

  it('never groups "something else"', () => {
    expect(GROUPING_RULES.other).toBeNull();
  });
});

describe('priority', () => {
  it('rises one level for every 3 reporters, never past 1', () => {
    expect([1, 2, 3, 5, 6, 9, 30].map((count) => priorityFor(3, count))).toEqual([3, 3, 2, 2, 1, 1, 1]);
    expect(priorityFor(1, 1)).toBe(1);
  });
});
