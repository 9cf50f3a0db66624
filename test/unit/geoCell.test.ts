import { cellBounds, cellOf, CELL_PRECISION, neighbours } from '../../understanding/places/geoCell';
import { haversineMeters } from '../../understanding/places/geo';

describe('cellOf: the grid cell that groups reports made near each other', () => {
  it.each<[number, number, string]>([
    [42.605, -5.603, 'ezs42'],
    [57.64911, 10.40744, 'u4pruydqqvj'],
    [43.9, -79.45, 'dpz'],
  ])('(%d, %d) is in the standard geohash cell %s', (lat, lng, cell) => {
    expect(cellOf(lat, lng, cell.length)).toBe(cell);
  });

  it('uses cells of about 150 m by default, and the cell contains its point', () => {
    const cell = cellOf(43.9, -79.45);
    expect(cell).toHaveLength(CELL_PRECISION);
    const b = cellBounds(cell);
    expect(43.9).toBeGreaterThanOrEqual(b.south);
    expect(43.9).toBeLessThan(b.north);
    expect(-79.45).toBeGreaterThanOrEqual(b.west);
    expect(-79.45).toBeLessThan(b.east);
    const height = haversineMeters({ lat: b.south, lng: b.west }, { lat: b.north, lng: b.west });
    const width = haversineMeters({ lat: b.south, lng: b.west }, { lat: b.south, lng: b.east });
    expect(height).toBeGreaterThan(100);
    expect(height).toBeLessThan(200);
    expect(width).toBeGreaterThan(80);
    expect(width).toBeLessThan(200);
  });

  it('puts two reports 30 m apart in the same cell or in neighbouring cells', () => {
    for (let k = 0; k < 50; k++) {
      const lat = 43.88 + k * 0.0007;
      const lng = -79.48 + k * 0.0011;
      const a = cellOf(lat, lng);
      const b = cellOf(lat + 0.00027, lng); // about 30 m north
      expect([a, ...neighbours(a)]).toContain(b);
    }
  });

  it('rejects a cell id with letters geohashes never use', () => {
    expect(() => cellBounds('dpzai')).toThrow(/not a cell id/);
  });
});

describe('neighbours', () => {
  it('gives the 8 cells around a cell, all different and touching it', () => {
    const cell = cellOf(43.9, -79.45);
    const around = neighbours(cell);
    expect(new Set(around).size).toBe(8);
    expect(around).not.toContain(cell);
    const b = cellBounds(cell);
    for (const other of around) {
      const o = cellBounds(other);
      const touchesNorthSouth = Math.abs(o.south - b.north) < 1e-9 || Math.abs(o.north - b.south) < 1e-9 || Math.abs(o.south - b.south) < 1e-9;
      const touchesEastWest = Math.abs(o.west - b.east) < 1e-9 || Math.abs(o.east - b.west) < 1e-9 || Math.abs(o.west - b.west) < 1e-9;
      expect(touchesNorthSouth && touchesEastWest).toBe(true);
    }
  });

  it('wraps across the date line and stops at the poles', () => {
    const east = cellOf(0.1, 179.99, 4);
    expect(neighbours(east).some((c) => cellBounds(c).west < 0)).toBe(true);
    expect(neighbours(cellOf(89.99, 0, 3))).toHaveLength(5);
  });
});

describe('haversineMeters', () => {
  it('measures a degree of latitude as about 111.2 km and a point to itself as 0', () => {
    expect(haversineMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111195, -1);
    expect(haversineMeters({ lat: 43.9, lng: -79.45 }, { lat: 43.9, lng: -79.45 })).toBe(0);
  });

  it('measures Toronto City Hall to Montreal City Hall as about 504 km', () => {
    const km = haversineMeters({ lat: 43.6534, lng: -79.3841 }, { lat: 45.5088, lng: -73.5542 }) / 1000;
    expect(km).toBeGreaterThan(500);
    expect(km).toBeLessThan(510);
  });
});
