/** A point on the Earth, in degrees (WGS 84). */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Metres on a local plane: x east, y north. */
export interface Xy {
  x: number;
  y: number;
}

const EARTH_RADIUS_M = 6371008.8;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres. */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * An equirectangular plane around one latitude: over a town (a few km) its error is far below a metre, and
 * lines, crossings and distances become plain arithmetic.
 */
export class LocalPlane {
  private readonly metresPerDegreeLng: number;
  private readonly metresPerDegreeLat = (Math.PI * EARTH_RADIUS_M) / 180;

  constructor(referenceLat: number) {
    this.metresPerDegreeLng = this.metresPerDegreeLat * Math.cos(toRadians(referenceLat));
  }

  toXy(p: LatLng): Xy {
    return { x: p.lng * this.metresPerDegreeLng, y: p.lat * this.metresPerDegreeLat };
  }

  toLatLng(p: Xy): LatLng {
    return { lat: round6(p.y / this.metresPerDegreeLat), lng: round6(p.x / this.metresPerDegreeLng) };
  }
}

/** About 11 cm: finer than any civic address needs. */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function distance(a: Xy, b: Xy): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** The nearest point of segment ab to p. */
export function nearestOnSegment(p: Xy, a: Xy, b: Xy): Xy {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return { x: a.x + t * dx, y: a.y + t * dy };
}

/** Where segments ab and cd cross, or null. */
export function segmentCrossing(a: Xy, b: Xy, c: Xy, d: Xy): Xy | null {
  const r = { x: b.x - a.x, y: b.y - a.y };
  const s = { x: d.x - c.x, y: d.y - c.y };
  const denominator = r.x * s.y - r.y * s.x;
  if (denominator === 0) return null;
  const t = ((c.x - a.x) * s.y - (c.y - a.y) * s.x) / denominator;
  const u = ((c.x - a.x) * r.y - (c.y - a.y) * r.x) / denominator;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { x: a.x + t * r.x, y: a.y + t * r.y };
}

/** A street's centre line on the plane, measured along its length. */
export class Polyline {
  private readonly cumulative: number[];

  constructor(readonly points: Xy[]) {
    this.cumulative = [0];
    for (let i = 1; i < points.length; i++) this.cumulative.push(this.cumulative[i - 1] + distance(points[i - 1], points[i]));
  }

  get length(): number {
    return this.cumulative[this.cumulative.length - 1];
  }

  /** The point `fraction` (0..1) of the way along, moved `offset` metres to the left (negative: right). */
  pointAt(fraction: number, offset = 0): Xy {
    const target = Math.max(0, Math.min(1, fraction)) * this.length;
    let i = 1;
    while (i < this.points.length - 1 && this.cumulative[i] < target) i++;
    const a = this.points[i - 1];
    const b = this.points[i];
    const segment = this.cumulative[i] - this.cumulative[i - 1];
    const t = segment === 0 ? 0 : (target - this.cumulative[i - 1]) / segment;
    const ux = segment === 0 ? 0 : (b.x - a.x) / segment;
    const uy = segment === 0 ? 0 : (b.y - a.y) / segment;
    return { x: a.x + t * (b.x - a.x) - uy * offset, y: a.y + t * (b.y - a.y) + ux * offset };
  }

  nearest(p: Xy): { point: Xy; distance: number } {
    let best = { point: this.points[0], distance: distance(p, this.points[0]) };
    for (let i = 1; i < this.points.length; i++) {
      const point = nearestOnSegment(p, this.points[i - 1], this.points[i]);
      const d = distance(p, point);
      if (d < best.distance) best = { point, distance: d };
    }
    return best;
  }

  /** Where this line meets another: a crossing, or an end within `tolerance` metres of the other (a T). */
  meeting(other: Polyline, tolerance: number): Xy | null {
    for (let i = 1; i < this.points.length; i++) {
      for (let j = 1; j < other.points.length; j++) {
        const crossing = segmentCrossing(this.points[i - 1], this.points[i], other.points[j - 1], other.points[j]);
        if (crossing) return crossing;
      }
    }
    for (const [line, end] of [
      [other, this.points[0]],
      [other, this.points[this.points.length - 1]],
      [this, other.points[0]],
      [this, other.points[other.points.length - 1]],
    ] as const) {
      const near = line.nearest(end);
      if (near.distance <= tolerance) return near.point;
    }
    return null;
  }
}
