import { LatLng } from './geo';

/**
 * Grid cells for grouping reports made near each other: a geohash. Cells are plain strings, so a database
 * without geo queries (FerretDB) can still find neighbours with an equality match on a cell and its 8 neighbours.
 */
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** 7 characters: about 150 m by 150 m at the equator, 110 m (east-west) by 150 m in southern Ontario. */
export const CELL_PRECISION = 7;

export interface CellBounds {
  south: number;
  north: number;
  west: number;
  east: number;
}

export function cellOf(lat: number, lng: number, precision = CELL_PRECISION): string {
  const latRange = [-90, 90];
  const lngRange = [-180, 180];
  let cell = '';
  let bits = 0;
  let value = 0;
  let even = true;
  while (cell.length < precision) {
    const range = even ? lngRange : latRange;
    const coordinate = even ? lng : lat;
    const middle = (range[0] + range[1]) / 2;
    value <<= 1;
    if (coordinate >= middle) {
      value |= 1;
      range[0] = middle;
    } else {
      range[1] = middle;
    }
    even = !even;
    if (++bits === 5) {
      cell += BASE32[value];
      bits = 0;
      value = 0;
    }
  }
  return cell;
}

export function cellBounds(cell: string): CellBounds {
  const lat = [-90, 90];
  const lng = [-180, 180];
  let even = true;
  for (const character of cell) {
    const value = BASE32.indexOf(character);
    if (value < 0) throw new Error(`"${cell}" is not a cell id`);
    for (let bit = 4; bit >= 0; bit--) {
      const range = even ? lng : lat;
      const middle = (range[0] + range[1]) / 2;
      if ((value >> bit) & 1) range[0] = middle;
      else range[1] = middle;
      even = !even;
    }
  }
  return { south: lat[0], north: lat[1], west: lng[0], east: lng[1] };
}

export function cellCentre(cell: string): LatLng {
  const b = cellBounds(cell);
  return { lat: (b.south + b.north) / 2, lng: (b.west + b.east) / 2 };
}

/** The (up to) 8 cells around `cell`, same size; none beyond the poles, wrapping across the date line. */
export function neighbours(cell: string): string[] {
  const b = cellBounds(cell);
  const height = b.north - b.south;
  const width = b.east - b.west;
  const centre = cellCentre(cell);
  const result: string[] = [];
  for (const dy of [1, 0, -1]) {
    for (const dx of [-1, 0, 1]) {
      if (dx === 0 && dy === 0) continue;
      const lat = centre.lat + dy * height;
      if (lat > 90 || lat < -90) continue;
      const lng = ((((centre.lng + dx * width + 180) % 360) + 360) % 360) - 180;
      result.push(cellOf(lat, lng, cell.length));
    }
  }
  return result;
}
