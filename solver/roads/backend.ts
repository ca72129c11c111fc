/**
 * The one interface every road backend implements (embedded graph, OSRM server, straight line).
 * Callers (the enforcement rules, the server) choose a backend by configuration and never learn
 * which one answered, except through `estimate`, which straight-line answers set so that every
 * response built on them can say it is an estimate.
 */

import type { RoadArea } from './graph/road-graph.js';

/** [longitude, latitude] in WGS84, the order GeoJSON and OSRM use. */
export type LonLat = [number, number];

/**
 * The road data a backend answers from, and where it ends. The embedded graph knows; an OSRM
 * server and the straight line do not say.
 */
export interface RoadCoverage {
  /** The OSM file the roads came from (its name, not a path). */
  source: string;
  /** What to call it in a message: 'north London demo', or the file name when nothing better is known. */
  label: string;
  /** When the OSM data was taken, as the file says. */
  sourceDate?: string;
  /** When the graph was built. */
  builtAt: string;
  area: RoadArea;
  /**
   * True when the point lies beyond the road data: outside its outline and farther than the
   * snapping distance from any road. A point off the roads inside the outline is not outside: it
   * is misplaced, or in a park.
   */
  outside(point: LonLat): boolean;
}

export interface SnappedPoint {
  /** The point on the road network the input was moved to. */
  location: LonLat;
  /** Metres between the input and the snapped location. */
  distance: number;
  /** Name of the road snapped to, '' when unnamed. */
  name: string;
}

/**
 * Many-to-many travel: row-major size x size, durations in seconds and distances in metres.
 * An unreachable pair holds Infinity (printed as null by the CLI).
 */
export interface TravelMatrix {
  size: number;
  durations: Float64Array;
  distances: Float64Array;
}

/**
 * Travel from each source to each destination, row-major sources x destinations: OSRM's /table
 * with `sources` and `destinations`. Unreachable holds Infinity.
 */
export interface TravelTable {
  sources: number;
  destinations: number;
  durations: Float64Array;
  distances: Float64Array;
}

/** OSRM v5 route response, the subset we produce and consume. */
export interface OsrmManeuver {
  type: string;
  modifier?: string;
  location: LonLat;
  bearing_before: number;
  bearing_after: number;
  exit?: number;
}

export interface OsrmStep {
  maneuver: OsrmManeuver;
  name: string;
  ref?: string;
  distance: number;
  duration: number;
  geometry: { type: 'LineString'; coordinates: LonLat[] };
  mode: string;
  driving_side?: string;
  intersections?: unknown[];
  rotary_name?: string;
  destinations?: string;
}

export interface OsrmLeg {
  distance: number;
  duration: number;
  summary: string;
  steps: OsrmStep[];
}

export interface OsrmRoute {
  distance: number;
  duration: number;
  geometry: { type: 'LineString'; coordinates: LonLat[] };
  legs: OsrmLeg[];
  weight?: number;
  weight_name?: string;
}

export interface OsrmRouteResponse {
  code: 'Ok';
  routes: OsrmRoute[];
  waypoints: Array<{ location: LonLat; distance: number; name: string }>;
  /** Set by the haversine backend: the figures are straight-line estimates, not road travel. */
  estimate?: boolean;
}

export interface RouteOptions {
  /** Include turn-by-turn steps (default true). */
  steps?: boolean;
}

/** Travel from each point to the next: entry i is point i -> point i + 1 (length points - 1). */
export interface TravelLegs {
  durations: Float64Array;
  distances: Float64Array;
}

export interface RoutingBackend {
  readonly name: 'embedded' | 'osrm' | 'haversine';
  /** True when answers are estimates (straight line x circuity), not road travel. */
  readonly estimate: boolean;
  /** The road data behind the answers, when the backend knows it (embedded). */
  readonly coverage?: RoadCoverage;
  /**
   * True when travel to and from this point is a straight-line estimate while other points' is
   * not (the embedded graph with straight lines beyond it: outside.ts). Absent: `estimate` holds
   * for every point.
   */
  estimates?(point: LonLat): boolean;
  /** Snap each point; a point farther than the backend's limit from any road is an error naming it. */
  snap(points: LonLat[]): Promise<SnappedPoint[]>;
  matrix(points: LonLat[]): Promise<TravelMatrix>;
  /**
   * From each source to each destination only: a few places against many points costs a fraction
   * of the square matrix over all of them. A point off the roads is named by its index in
   * [...sources, ...destinations].
   */
  table(sources: LonLat[], destinations: LonLat[]): Promise<TravelTable>;
  /**
   * Travel along the points in order, leg by leg: what walking a fixed order needs. A matrix over
   * n points costs n one-to-many searches; the legs cost n short one-to-one searches.
   */
  legs(points: LonLat[]): Promise<TravelLegs>;
  /** The path through the points in order. */
  route(points: LonLat[], options?: RouteOptions): Promise<OsrmRouteResponse>;
}

export type RoutingErrorCode = 'NoRoad' | 'NoRoute' | 'Unavailable' | 'Timeout' | 'InvalidInput' | 'BadGraph';

/**
 * A routing failure with a message fit to show a user; `point` names the (first) offending input
 * and `points` every one, so that a caller can drop or name them (a `NoRoad` snap names them all).
 * `kind` is the stable tag a planning thread sends across to the server in place of the instance.
 */
export class RoutingError extends Error {
  readonly kind = 'routing';

  constructor(
    message: string,
    readonly code: RoutingErrorCode,
    readonly point?: number,
    readonly points?: number[],
  ) {
    super(message);
    this.name = 'RoutingError';
  }
}
