/**
 * Straight-line backend for areas with no road data: great-circle distance x a circuity factor at an
 * assumed urban speed. Every answer is flagged `estimate: true` so that plans built on it say so.
 * Defaults: circuity 1.3 (typical detour ratio of urban road networks) and 25 km/h, which puts the
 * median of random pairs in the demo area near OSRM's free-flow 30 km/h minus junction delay.
 */
import {
  RoutingError,
  type LonLat,
  type OsrmRouteResponse,
  type OsrmStep,
  type RouteOptions,
  type RoutingBackend,
  type SnappedPoint,
  type TravelLegs,
  type TravelMatrix,
  type TravelTable,
} from './backend.js';
import { bearingDegrees, haversineMetres, invalidPointReason } from './geo.js';

export interface HaversineOptions {
  circuity?: number;
  speedKmh?: number;
}

export function checkPoints(points: LonLat[]): void {
  if (!Array.isArray(points)) throw new RoutingError('points must be an array of [lon, lat]', 'InvalidInput');
  points.forEach((p, i) => {
    const why = invalidPointReason(p);
    if (why) throw new RoutingError(`point ${i} (${JSON.stringify(p)}) ${why}`, 'InvalidInput', i);
  });
}

export class HaversineBackend implements RoutingBackend {
  readonly name = 'haversine' as const;
  readonly estimate = true;
  readonly circuity: number;
  readonly metresPerSecond: number;

  constructor(options: HaversineOptions = {}) {
    this.circuity = options.circuity ?? 1.3;
    const kmh = options.speedKmh ?? 25;
    if (!(this.circuity >= 1) || !(kmh > 0)) {
      throw new RoutingError('haversine backend needs circuity >= 1 and a positive speed', 'InvalidInput');
    }
    this.metresPerSecond = kmh / 3.6;
  }

  async snap(points: LonLat[]): Promise<SnappedPoint[]> {
    checkPoints(points);
    return points.map((p) => ({ location: [p[0], p[1]], distance: 0, name: '' }));
  }

  roadMetres(a: LonLat, b: LonLat): number {
    return haversineMetres(a[0], a[1], b[0], b[1]) * this.circuity;
  }

  async matrix(points: LonLat[]): Promise<TravelMatrix> {
    checkPoints(points);
    const n = points.length;
    const durations = new Float64Array(n * n);
    const distances = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const d = i === j ? 0 : this.roadMetres(points[i], points[j]);
        distances[i * n + j] = d;
        durations[i * n + j] = d / this.metresPerSecond;
      }
    }
    return { size: n, durations, distances };
  }

  async table(sources: LonLat[], destinations: LonLat[]): Promise<TravelTable> {
    checkPoints([...sources, ...destinations]);
    const cols = destinations.length;
    const durations = new Float64Array(sources.length * cols);
    const distances = new Float64Array(sources.length * cols);
    sources.forEach((s, i) => {
      destinations.forEach((d, j) => {
        distances[i * cols + j] = this.roadMetres(s, d);
        durations[i * cols + j] = distances[i * cols + j] / this.metresPerSecond;
      });
    });
    return { sources: sources.length, destinations: cols, durations, distances };
  }

  async legs(points: LonLat[]): Promise<TravelLegs> {
    checkPoints(points);
    const n = Math.max(0, points.length - 1);
    const durations = new Float64Array(n);
    const distances = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      distances[i] = this.roadMetres(points[i], points[i + 1]);
      durations[i] = distances[i] / this.metresPerSecond;
    }
    return { durations, distances };
  }

  async route(points: LonLat[], options: RouteOptions = {}): Promise<OsrmRouteResponse> {
    checkPoints(points);
    if (points.length < 2) throw new RoutingError('a route needs at least two points', 'InvalidInput');
    const withSteps = options.steps ?? true;
    const legs = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const distance = this.roadMetres(a, b);
      const duration = distance / this.metresPerSecond;
      const bearing = Math.round(bearingDegrees(a[0], a[1], b[0], b[1]));
      const steps: OsrmStep[] = withSteps
        ? [
            {
              maneuver: { type: 'depart', location: a, bearing_before: 0, bearing_after: bearing },
              name: '',
              distance,
              duration,
              mode: 'driving',
              geometry: { type: 'LineString', coordinates: [a, b] },
            },
            {
              maneuver: { type: 'arrive', location: b, bearing_before: bearing, bearing_after: 0 },
              name: '',
              distance: 0,
              duration: 0,
              mode: 'driving',
              geometry: { type: 'LineString', coordinates: [b, b] },
            },
          ]
        : [];
      legs.push({ distance, duration, summary: '', steps });
    }
    return {
      code: 'Ok',
      estimate: true,
      routes: [
        {
          distance: legs.reduce((s, l) => s + l.distance, 0),
          duration: legs.reduce((s, l) => s + l.duration, 0),
          geometry: { type: 'LineString', coordinates: points.map((p) => [p[0], p[1]] as LonLat) },
          legs,
        },
      ],
      waypoints: points.map((p) => ({ location: [p[0], p[1]] as LonLat, distance: 0, name: '' })),
    };
  }
}
