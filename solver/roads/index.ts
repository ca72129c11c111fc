/**
 * Chooses a road backend by configuration. Callers depend on `RoutingBackend` only.
 */
import { RoutingError, type RoutingBackend } from './backend.js';
import { HaversineBackend } from './haversine.js';

export interface RoutingConfig {
  backend: 'embedded' | 'osrm' | 'haversine';
  /** embedded: an imported graph cache or an OSM file (default: the demo area). */
  graphPath?: string;
  /** osrm: base URL of an OSRM server, e.g. http://127.0.0.1:5000 */
  osrmUrl?: string;
  /** osrm: per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** embedded: farthest a point may lie from a road (default 300 m). */
  maxSnapMetres?: number;
  /** haversine: circuity factor and assumed speed. */
  circuity?: number;
  speedKmh?: number;
}

export async function createRoutingBackend(config: RoutingConfig): Promise<RoutingBackend> {
  switch (config.backend) {
    case 'haversine':
      return new HaversineBackend({ circuity: config.circuity, speedKmh: config.speedKmh });
    case 'embedded':
    case 'osrm':
      throw new RoutingError(`the ${config.backend} backend is not built yet`, 'Unavailable');
    default:
      throw new RoutingError(`unknown routing backend ${JSON.stringify((config as { backend: unknown }).backend)}`, 'InvalidInput');
  }
}

/** The embedded demo graph (north London). Until the embedded backend lands this is the haversine estimate. */
export async function loadDemoBackend(): Promise<RoutingBackend> {
  return createRoutingBackend({ backend: 'haversine' });
}

export { RoutingError } from './backend.js';
export type { RoutingBackend, LonLat, TravelMatrix, SnappedPoint, OsrmRouteResponse } from './backend.js';
