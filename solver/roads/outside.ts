/**
 * Road travel inside the road data, straight lines beyond it: a council that chooses estimates for
 * the cases outside its extract (a setting) plans them rather than leaving them out. Every answer
 * that touches a point outside the road data (RoadCoverage.outside) is the straight-line backend's;
 * every other is the road backend's, unchanged. `estimates(point)` says which points those are, so
 * that each stop built on them can be marked as an estimate.
 */
import {
  RoutingError,
  type LonLat,
  type OsrmRouteResponse,
  type RoadCoverage,
  type RouteOptions,
  type RoutingBackend,
  type SnappedPoint,
  type TravelLegs,
  type TravelMatrix,
  type TravelTable,
} from './backend.js';
import { HaversineBackend } from './haversine.js';

/** Reruns `ask`, naming the points of a NoRoad error by the caller's indices (`index[k]` for the k-th point asked about). */
async function remapped<T>(index: number[], ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (err) {
    if (!(err instanceof RoutingError) || err.code !== 'NoRoad') throw err;
    const at = (k: number | undefined) => (k === undefined ? undefined : index[k]);
    throw new RoutingError(
      err.message,
      'NoRoad',
      at(err.point),
      err.points?.map((k) => index[k]),
    );
  }
}

export class StraightLineOutside implements RoutingBackend {
  readonly name: RoutingBackend['name'];
  readonly estimate: boolean;
  private readonly line = new HaversineBackend();

  constructor(
    private readonly roads: RoutingBackend,
    readonly coverage: RoadCoverage,
  ) {
    this.name = roads.name;
    this.estimate = roads.estimate;
  }

  estimates(point: LonLat): boolean {
    return this.coverage.outside(point);
  }

  /** The indices of the points on the road data. */
  private onRoads(points: LonLat[]): number[] {
    return points.flatMap((p, i) => (this.coverage.outside(p) ? [] : [i]));
  }

  async snap(points: LonLat[]): Promise<SnappedPoint[]> {
    const road = this.onRoads(points);
    const snapped = await this.line.snap(points);
    const onRoad = await remapped(road, () => this.roads.snap(road.map((i) => points[i])));
    road.forEach((i, k) => (snapped[i] = onRoad[k]));
    return snapped;
  }

  async matrix(points: LonLat[]): Promise<TravelMatrix> {
    const road = this.onRoads(points);
    if (road.length === points.length) return this.roads.matrix(points);
    const all = await this.line.matrix(points);
    const part = await remapped(road, () => this.roads.matrix(road.map((i) => points[i])));
    const n = points.length;
    const r = road.length;
    for (let a = 0; a < r; a++) {
      for (let b = 0; b < r; b++) {
        all.durations[road[a] * n + road[b]] = part.durations[a * r + b];
        all.distances[road[a] * n + road[b]] = part.distances[a * r + b];
      }
    }
    return all;
  }

  async table(sources: LonLat[], destinations: LonLat[]): Promise<TravelTable> {
    const from = this.onRoads(sources);
    const to = this.onRoads(destinations);
    if (from.length === sources.length && to.length === destinations.length) return this.roads.table(sources, destinations);
    const all = await this.line.table(sources, destinations);
    if (from.length === 0 || to.length === 0) return all;
    // A NoRoad error names points in [...sources, ...destinations]: so does the caller.
    const index = [...from, ...to.map((j) => sources.length + j)];
    const part = await remapped(index, () =>
      this.roads.table(
        from.map((i) => sources[i]),
        to.map((j) => destinations[j]),
      ),
    );
    const cols = destinations.length;
    from.forEach((i, a) =>
      to.forEach((j, b) => {
        all.durations[i * cols + j] = part.durations[a * to.length + b];
        all.distances[i * cols + j] = part.distances[a * to.length + b];
      }),
    );
    return all;
  }

  async legs(points: LonLat[]): Promise<TravelLegs> {
    const outside = points.map((p) => this.coverage.outside(p));
    if (!outside.includes(true)) return this.roads.legs(points);
    const all = await this.line.legs(points);
    // Each run of consecutive points on the roads is driven; a leg to or from a point outside is a straight line.
    for (let first = 0; first < points.length; first++) {
      if (outside[first]) continue;
      let last = first;
      while (last + 1 < points.length && !outside[last + 1]) last++;
      if (last > first) {
        const index = Array.from({ length: last - first + 1 }, (_, k) => first + k);
        const run = await remapped(index, () => this.roads.legs(points.slice(first, last + 1)));
        all.durations.set(run.durations, first);
        all.distances.set(run.distances, first);
      }
      first = last;
    }
    return all;
  }

  /** A path through a point outside the roads is drawn straight, all of it, and says it is an estimate. */
  async route(points: LonLat[], options?: RouteOptions): Promise<OsrmRouteResponse> {
    return points.some((p) => this.coverage.outside(p)) ? this.line.route(points, options) : this.roads.route(points, options);
  }
}

/** The backend with straight lines beyond its road data, when it knows where that ends; else the backend itself. */
export function withStraightLinesOutside(backend: RoutingBackend): RoutingBackend {
  const coverage = backend.coverage;
  return coverage ? new StraightLineOutside(backend, coverage) : backend;
}
