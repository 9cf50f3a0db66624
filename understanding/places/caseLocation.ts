import { CaseLocation } from '../../cases/CaseModel';
import { cellOf } from './geoCell';
import { Place } from './Place';

/** What a case stores of a place: the normalised parts, and the grid cell that duplicate grouping will use. */
export function toCaseLocation(place: Place): CaseLocation {
  const location: CaseLocation = { text: place.text, kind: place.kind, known: place.known };
  for (const key of ['street', 'number', 'unit', 'crossStreet', 'landmark'] as const) {
    if (place[key] !== undefined) location[key] = place[key];
  }
  if (place.lat !== undefined && place.lng !== undefined) {
    Object.assign(location, { lat: place.lat, lng: place.lng, cell: cellOf(place.lat, place.lng) });
  }
  return location;
}
