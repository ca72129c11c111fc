/**
 * The embedded backend: the imported OSM car graph in memory, snapping, one-to-many Dijkstra
 * matrices and routes with OSRM v5 steps. Everything runs in-process and synchronously per call.
 */
import { AreaOutline, graphArea } from './area.js';
import {
  RoutingError,
  type LonLat,
  type RoadCoverage,
  type OsrmRouteResponse,
  type RouteOptions,
  type RoutingBackend,
  type SnappedPoint,
  type TravelLegs,
  type TravelMatrix,
  type TravelTable,
} from './backend.js';
import { sourceLabel } from './graph/load-graph.js';
import type { RoadGraph } from './graph/road-graph.js';
import { checkPoints } from './haversine.js';
import { ShortestPathSearch, type Piece } from './search.js';
import { SegmentSnapper, type Snap } from './snap.js';
import { buildLeg, junctionDegrees } from './steps.js';

export interface EmbeddedOptions {
  maxSnapMetres?: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export class EmbeddedBackend implements RoutingBackend {
  readonly name = 'embedded' as const;
  readonly estimate = false;
  readonly maxSnapMetres: number;
  private readonly snapper: SegmentSnapper;
  private readonly search: ShortestPathSearch;
  private readonly degree: Uint16Array;
  private covered?: RoadCoverage;

  constructor(
    readonly graph: RoadGraph,
    options: EmbeddedOptions = {},
  ) {
    this.maxSnapMetres = options.maxSnapMetres ?? 300;
    if (!(this.maxSnapMetres > 0)) throw new RoutingError('maxSnapMetres must be positive', 'InvalidInput');
    if (graph.segmentCount === 0) throw new RoutingError(`graph ${graph.meta.sourceFile} has no roads`, 'BadGraph');
    this.snapper = new SegmentSnapper(graph);
    this.search = new ShortestPathSearch(graph);
    this.degree = junctionDegrees(graph);
  }

  /** Where the road data ends; graphs built before the area was recorded work it out here, once. */
  get coverage(): RoadCoverage {
    if (this.covered) return this.covered;
    const meta = this.graph.meta;
    const area = meta.area ?? graphArea(this.graph);
    const outline = new AreaOutline(area);
    this.covered = {
      source: meta.sourceFile,
      label: sourceLabel(meta),
      ...(meta.sourceDate ? { sourceDate: meta.sourceDate } : {}),
      builtAt: meta.builtAt,
      area,
      outside: ([lon, lat]) =>
        Number.isFinite(lon) && Number.isFinite(lat) && !outline.contains(lon, lat) && this.snapper.nearest(lon, lat, this.maxSnapMetres) === null,
    };
    return this.covered;
  }

  /** Nodes of the search's core graph (junctions; shape points compressed away), for benchmarks. */
  get searchCoreNodes(): number {
    return this.search.core.nodeCount;
  }

  private snapOrThrow(points: LonLat[]) {
    checkPoints(points);
    return this.snapper.snapAll(points, this.maxSnapMetres);
  }

  async snap(points: LonLat[]): Promise<SnappedPoint[]> {
    return this.snapOrThrow(points).map((s) => ({
      location: [s.lon, s.lat] as LonLat,
      distance: s.distance,
      name: this.graph.ways.name[this.graph.arcWay[this.graph.segArcs[this.graph.segArcFirst[2 * s.segment]]]] ?? '',
    }));
  }

  async matrix(points: LonLat[]): Promise<TravelMatrix> {
    return this.matrixSync(points);
  }

  /** The matrix without the promise wrapper, for benchmarks and CLIs. */
  matrixSync(points: LonLat[]): TravelMatrix {
    const snaps = this.snapOrThrow(points);
    const { durations, distances } = this.searchTable(snaps, snaps, true);
    return { size: snaps.length, durations, distances };
  }

  async table(sources: LonLat[], destinations: LonLat[]): Promise<TravelTable> {
    return this.tableSync(sources, destinations);
  }

  tableSync(sources: LonLat[], destinations: LonLat[]): TravelTable {
    const snaps = this.snapOrThrow([...sources, ...destinations]);
    const { durations, distances } = this.searchTable(snaps.slice(0, sources.length), snaps.slice(sources.length), false);
    return { sources: sources.length, destinations: destinations.length, durations, distances };
  }

  /** One search per source, stopped once every destination is settled; `square`: a point to itself is 0. */
  private searchTable(from: Snap[], to: Snap[], square: boolean): { durations: Float64Array; distances: Float64Array } {
    const cols = to.length;
    const durations = new Float64Array(from.length * cols);
    const distances = new Float64Array(from.length * cols);
    this.search.setTargets(to);
    for (let i = 0; i < from.length; i++) {
      this.search.run(from[i]);
      for (let j = 0; j < cols; j++) {
        if (square && i === j) continue;
        const a = this.search.arrival(to[j]);
        durations[i * cols + j] = a.duration;
        distances[i * cols + j] = a.distance;
      }
    }
    return { durations, distances };
  }

  async legs(points: LonLat[]): Promise<TravelLegs> {
    return this.legsSync(points);
  }

  /** One search per leg, stopped once its single target is settled (consecutive stops are near). */
  legsSync(points: LonLat[]): TravelLegs {
    const snaps = this.snapOrThrow(points);
    const n = Math.max(0, snaps.length - 1);
    const durations = new Float64Array(n);
    const distances = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.search.setTargets([snaps[i + 1]]);
      this.search.run(snaps[i]);
      const a = this.search.arrival(snaps[i + 1]);
      durations[i] = a.duration;
      distances[i] = a.distance;
    }
    return { durations, distances };
  }

  async route(points: LonLat[], options: RouteOptions = {}): Promise<OsrmRouteResponse> {
    return this.routeSync(points, options);
  }

  routeSync(points: LonLat[], options: RouteOptions = {}): OsrmRouteResponse {
    if (!Array.isArray(points) || points.length < 2) {
      throw new RoutingError('a route needs at least two points', 'InvalidInput');
    }
    const snaps = this.snapOrThrow(points);
    const withSteps = options.steps ?? true;
    const legs = [];
    const coords: LonLat[] = [];
    for (let i = 0; i + 1 < snaps.length; i++) {
      this.search.setTargets([snaps[i + 1]]);
      this.search.run(snaps[i]);
      const pieces: Piece[] | null = this.search.path(snaps[i + 1]);
      if (!pieces) {
        throw new RoutingError(`no road route from point ${i} to point ${i + 1}`, 'NoRoute', i + 1);
      }
      const built = buildLeg(this.graph, this.degree, pieces, withSteps);
      legs.push(built.leg);
      for (const c of built.coords) {
        const last = coords[coords.length - 1];
        if (!last || last[0] !== c[0] || last[1] !== c[1]) coords.push(c);
      }
    }
    if (coords.length === 1) coords.push(coords[0]);
    const distance = legs.reduce((s, l) => s + l.distance, 0);
    const duration = legs.reduce((s, l) => s + l.duration, 0);
    return {
      code: 'Ok',
      routes: [
        {
          distance: round1(distance),
          duration: round1(duration),
          weight: round1(duration),
          weight_name: 'duration',
          geometry: { type: 'LineString', coordinates: coords.map(([x, y]) => [round6(x), round6(y)] as LonLat) },
          legs,
        },
      ],
      waypoints: snaps.map((s) => ({
        location: [round6(s.lon), round6(s.lat)] as LonLat,
        distance: round1(s.distance),
        name: this.graph.ways.name[this.graph.arcWay[this.graph.segArcs[this.graph.segArcFirst[2 * s.segment]]]] ?? '',
      })),
    };
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
