import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { RoutingConfig } from '../solver/roads/index.js';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // Loopback unless told otherwise: a planner full of debtors' addresses is not put on the network by accident.
  HOST: z.string().default('127.0.0.1'),
  ROUNDS_DB: z.string().default(join(PROJECT_ROOT, 'data/rounds.sqlite')),
  ROUNDS_ROUTING: z.enum(['embedded', 'osrm', 'haversine']).default('embedded'),
  OSRM_URL: z.string().url().optional(),
  /** 0: no demo data and no demo accounts on an empty database (the first admin comes from `npm run users`). */
  ROUNDS_DEMO: z.enum(['0', '1']).default('1'),
  NODE_ENV: z.string().optional(),
  /** Behind a TLS-terminating proxy: 'true', or the proxy's addresses comma-separated (Fastify's trustProxy). */
  ROUNDS_TRUST_PROXY: z.string().optional(),
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
  /** Seed the demo and its accounts into an empty database: never in production. */
  demo: boolean;
  production: boolean;
  trustProxy: boolean | string;
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
    demo: e.ROUNDS_DEMO === '1' && e.NODE_ENV !== 'production',
    production: e.NODE_ENV === 'production',
    trustProxy: trustProxyOf(e.ROUNDS_TRUST_PROXY),
  };
}

function trustProxyOf(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
}
