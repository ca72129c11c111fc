/**
 * The road data a process starts on (the API, `npm run worker`): the extract an admin loaded from
 * the app when there is one, else the configured backend, else straight lines, each fall-back said.
 */
import type { RoutingBackend } from '../../solver/roads/backend.js';
import { createRoutingBackend, type RoutingConfig } from '../../solver/roads/index.js';
import { readRoadDataInUse, routingConfigFor, type RoadDataRecord } from './in-use.js';

/** The configured backend, or the straight-line estimate when it cannot start (said loudly). */
export async function routingBackend(config: RoutingConfig): Promise<{ backend: RoutingBackend; config: RoutingConfig }> {
  try {
    return { backend: await createRoutingBackend(config), config };
  } catch (err) {
    console.warn(`Routing backend '${config.backend}' unavailable (${(err as Error).message}); using straight-line estimates.`);
    const fallback: RoutingConfig = { backend: 'haversine' };
    return { backend: await createRoutingBackend(fallback), config: fallback };
  }
}

/**
 * The road data an admin loaded from the app, when there is some and the server does not route with
 * OSRM: it comes before ROUNDS_OSM. A record that cannot be used is said and passed over.
 */
export async function roadDataInUse(dir: string, configured: RoutingConfig): Promise<{ record: RoadDataRecord; config: RoutingConfig } | undefined> {
  if (configured.backend === 'osrm') return undefined;
  try {
    const record = await readRoadDataInUse(dir);
    return record ? { record, config: routingConfigFor(dir, record, configured) } : undefined;
  } catch (err) {
    console.warn(
      `Road data loaded from the app is unusable (${(err as Error).message}); using ${configured.backend === 'embedded' ? 'ROUNDS_OSM' : configured.backend}.`,
    );
    return undefined;
  }
}

/** The backend to start on, its configuration, and the loaded road data's record when that is what it is. */
export async function startupRouting(
  roadDataDir: string,
  configured: RoutingConfig,
): Promise<{ backend: RoutingBackend; config: RoutingConfig; inUse?: RoadDataRecord }> {
  const loaded = await roadDataInUse(roadDataDir, configured);
  let routing = await routingBackend(loaded?.config ?? configured);
  // The loaded graph would not start (deleted by hand, say): the configured road data, as without it.
  if (loaded && routing.config !== loaded.config) routing = await routingBackend(configured);
  const inUse = loaded && routing.config === loaded.config ? loaded.record : undefined;
  return { ...routing, ...(inUse ? { inUse } : {}) };
}
