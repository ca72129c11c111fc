import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { RoutingConfig } from '../solver/roads/index.js';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  ROUNDS_DB: z.string().default(join(PROJECT_ROOT, 'data/rounds.sqlite')),
  ROUNDS_ROUTING: z.enum(['embedded', 'osrm', 'haversine']).default('embedded'),
  OSRM_URL: z.string().url().optional(),
  ROUNDS_OSM: z.string().default(join(PROJECT_ROOT, 'data/osm/london-north-friern-barnet-highways-overpass-2026-07-26.osm')),
});

export interface ServerConfig {
  port: number;
  host: string;
  dbPath: string;
  routing: RoutingConfig;
  osmFile: string;
  roadsCache: string;
  postcodeDir: string;
  clientDir: string;
}

/** Reads the environment once, at start-up; a bad value stops the server with the variable's name. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const routing: RoutingConfig =
    e.ROUNDS_ROUTING === 'osrm'
      ? { backend: 'osrm', osrmUrl: e.OSRM_URL }
      : e.ROUNDS_ROUTING === 'embedded'
        ? { backend: 'embedded', graphPath: e.ROUNDS_OSM }
        : { backend: 'haversine' };
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: resolve(e.ROUNDS_DB),
    routing,
    osmFile: e.ROUNDS_OSM,
    roadsCache: join(PROJECT_ROOT, 'data/cache/roads-base-map.geojson'),
    postcodeDir: join(PROJECT_ROOT, 'data/postcodes'),
    clientDir: join(PROJECT_ROOT, 'dist/client'),
  };
}
