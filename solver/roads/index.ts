/**
 * Chooses a road backend by configuration. Callers depend on `RoutingBackend` only.
 */
import { RoutingError, type RoutingBackend } from './backend.js';
import { EmbeddedBackend } from './embedded.js';
import { DEMO_OSM, loadGraph } from './graph/load-graph.js';
import { HaversineBackend } from './haversine.js';
import { OsrmBackend } from './osrm.js';

export interface RoutingConfig {
  backend: 'embedded' | 'osrm' | 'haversine';
  /** embedded: an imported graph (npm run import-osm) or an OSM XML/PBF file; default the demo area. */
  graphPath?: string;
  /** osrm: base URL of an OSRM server, e.g. http://127.0.0.1:5000 */
  osrmUrl?: string;
  /** osrm: per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** embedded: farthest a point may lie from a road (default 300 m). */
  maxSnapMetres?: number;
  /** osrm: the server's --max-table-size (default 100); larger tables are split into chunks. */
  maxTableSize?: number;
  /** haversine: circuity factor and assumed speed. */
  circuity?: number;
  speedKmh?: number;
}

export async function createRoutingBackend(config: RoutingConfig): Promise<RoutingBackend> {
  switch (config.backend) {
    case 'haversine':
      return new HaversineBackend({ circuity: config.circuity, speedKmh: config.speedKmh });
    case 'embedded': {
      const graph = await loadGraph(config.graphPath ?? DEMO_OSM);
      return new EmbeddedBackend(graph, { maxSnapMetres: config.maxSnapMetres });
    }
    case 'osrm':
      if (!config.osrmUrl) throw new RoutingError('the osrm backend needs osrmUrl', 'InvalidInput');
      return new OsrmBackend({ baseUrl: config.osrmUrl, timeoutMs: config.timeoutMs, maxTableSize: config.maxTableSize });
    default:
      throw new RoutingError(`unknown routing backend ${JSON.stringify((config as { backend: unknown }).backend)}`, 'InvalidInput');
  }
}

let demo: Promise<RoutingBackend> | null = null;

/** The embedded demo graph (north London), built into data/cache/ on first use and shared. */
export function loadDemoBackend(): Promise<RoutingBackend> {
  demo ??= createRoutingBackend({ backend: 'embedded' }).catch((e: unknown) => {
    demo = null;
    throw e;
  });
  return demo;
}

export { RoutingError } from './backend.js';
export type { RoutingBackend, LonLat, TravelMatrix, SnappedPoint, OsrmRouteResponse } from './backend.js';
