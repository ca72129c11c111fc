import { isPostgresUrl } from './store/database-url.js';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { RoutingConfig } from '../solver/roads/index.js';
import { DEFAULT_OIDC_LABEL, IDENTITY_ROLE_MAP, OIDC_CALLBACK_PATH, isLoopback, parseRoleMap, type OidcSettings } from './auth/oidc.js';

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
  /** Behind a TLS-terminating proxy: 'true' (a proxy on this machine), or the proxies' addresses or subnets comma-separated. */
  ROUNDS_TRUST_PROXY: z.string().optional(),
  ROUNDS_OSM: z.string().default(join(PROJECT_ROOT, 'data/osm/london-north-friern-barnet-highways-overpass-2026-07-26.osm')),
  /** Where road data loaded from the app is kept (its graph, base map and the record of which is in use); read at start-up. */
  ROUNDS_ROAD_DATA_DIR: z.string().default(join(PROJECT_ROOT, 'data/cache/road-data')),
  /** Where staff reach Rounds (https://rounds.council.example): the single sign-on callback is under it. */
  ROUNDS_PUBLIC_URL: unsetWhenEmpty(z.url().optional()),
  /** Redis for the planning queue (redis://host:6379/0): planning jobs go to BullMQ and `npm run worker` runs them. Unset: the API's own threads. */
  ROUNDS_QUEUE: unsetWhenEmpty(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  /** Searches each plan runs at once, one per core (solver/vrp/search/portfolio.ts); default up to 2. */
  ROUNDS_SEARCH_THREADS: unsetWhenEmpty(z.coerce.number().int().min(1).max(16).optional()),
  ...oidcEnv(),
});

/** An empty variable counts as unset (a blank line in a service file). */
function unsetWhenEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema);
}

/** Council single sign-on (OpenID Connect): on when ROUNDS_OIDC_ISSUER is set (README, "Single sign-on"). */
function oidcEnv() {
  const text = () => unsetWhenEmpty(z.string().optional());
  const textOr = (fallback: string) => unsetWhenEmpty(z.string().default(fallback));
  return {
    ROUNDS_OIDC_ISSUER: unsetWhenEmpty(z.url().optional()),
    ROUNDS_OIDC_CLIENT_ID: text(),
    ROUNDS_OIDC_CLIENT_SECRET: text(),
    ROUNDS_OIDC_CLIENT_AUTH: unsetWhenEmpty(z.enum(['client_secret_post', 'client_secret_basic']).default('client_secret_post')),
    /** Default: ROUNDS_PUBLIC_URL + /api/session/oidc/callback. */
    ROUNDS_OIDC_REDIRECT_URI: unsetWhenEmpty(z.url().optional()),
    ROUNDS_OIDC_SCOPES: textOr('openid profile').refine((s) => s.split(/\s+/).includes('openid'), "must include 'openid'"),
    ROUNDS_OIDC_ROLE_CLAIM: textOr('roles'),
    ROUNDS_OIDC_ROLE_MAP: text().transform((value, ctx) => {
      if (value === undefined) return undefined;
      try {
        return parseRoleMap(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
    ROUNDS_OIDC_OFFICER_CLAIM: textOr('officer_id'),
    ROUNDS_OIDC_USERNAME_CLAIM: textOr('preferred_username'),
    ROUNDS_OIDC_NAME_CLAIM: textOr('name'),
    ROUNDS_OIDC_LABEL: textOr(DEFAULT_OIDC_LABEL),
  };
}

/** Single sign-on's variables hang together: each missing or unsafe one is named. */
function checkOidc(e: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const issue = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  const issuer = e.ROUNDS_OIDC_ISSUER as string | undefined;
  if (issuer === undefined) {
    const stray = ['ROUNDS_OIDC_CLIENT_ID', 'ROUNDS_OIDC_CLIENT_SECRET', 'ROUNDS_OIDC_REDIRECT_URI', 'ROUNDS_OIDC_ROLE_MAP'].find((k) => e[k] !== undefined);
    if (stray) issue('ROUNDS_OIDC_ISSUER', `required when ${stray} is set (single sign-on is off without it)`);
    return;
  }
  if (!httpsOrLoopback(issuer)) issue('ROUNDS_OIDC_ISSUER', 'must be https (plain http only for a provider on this machine)');
  if (e.ROUNDS_OIDC_CLIENT_ID === undefined) issue('ROUNDS_OIDC_CLIENT_ID', 'required when ROUNDS_OIDC_ISSUER is set');
  if (e.ROUNDS_OIDC_CLIENT_SECRET === undefined) issue('ROUNDS_OIDC_CLIENT_SECRET', 'required when ROUNDS_OIDC_ISSUER is set');
  const redirect = (e.ROUNDS_OIDC_REDIRECT_URI ?? e.ROUNDS_PUBLIC_URL) as string | undefined;
  const variable = e.ROUNDS_OIDC_REDIRECT_URI !== undefined ? 'ROUNDS_OIDC_REDIRECT_URI' : 'ROUNDS_PUBLIC_URL';
  if (redirect === undefined) issue('ROUNDS_OIDC_REDIRECT_URI', 'required when ROUNDS_OIDC_ISSUER is set (or set ROUNDS_PUBLIC_URL)');
  else if (!httpsOrLoopback(redirect)) issue(variable, 'must be https for single sign-on (plain http only on this machine)');
}

function httpsOrLoopback(text: string): boolean {
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
}

type Env = z.infer<typeof Env>;

function oidcSettingsOf(e: Env): OidcSettings | undefined {
  if (!e.ROUNDS_OIDC_ISSUER || !e.ROUNDS_OIDC_CLIENT_ID || !e.ROUNDS_OIDC_CLIENT_SECRET) return undefined;
  const redirectUri = e.ROUNDS_OIDC_REDIRECT_URI
    ? new URL(e.ROUNDS_OIDC_REDIRECT_URI)
    : new URL(OIDC_CALLBACK_PATH.slice(1), e.ROUNDS_PUBLIC_URL!.replace(/\/?$/, '/'));
  return {
    issuer: new URL(e.ROUNDS_OIDC_ISSUER),
    clientId: e.ROUNDS_OIDC_CLIENT_ID,
    clientSecret: e.ROUNDS_OIDC_CLIENT_SECRET,
    clientAuth: e.ROUNDS_OIDC_CLIENT_AUTH,
    redirectUri,
    scopes: e.ROUNDS_OIDC_SCOPES,
    roleClaim: e.ROUNDS_OIDC_ROLE_CLAIM,
    roleMap: e.ROUNDS_OIDC_ROLE_MAP ?? IDENTITY_ROLE_MAP,
    officerClaim: e.ROUNDS_OIDC_OFFICER_CLAIM,
    usernameClaim: e.ROUNDS_OIDC_USERNAME_CLAIM,
    nameClaim: e.ROUNDS_OIDC_NAME_CLAIM,
    label: e.ROUNDS_OIDC_LABEL,
  };
}

/**
 * Limits, so that one request cannot take the service down (issue 8). Each has an environment
 * variable (LIMIT_ENV) and a default sized for a council's team on one small machine.
 */
export interface Limits {
  /** A case import file, in bytes, streamed or not (413 beyond). */
  importMaxBytes: number;
  /** A JSON body of any route but the plan edits, in bytes (413 beyond). */
  jsonMaxBytes: number;
  /** The JSON body of a plan edit (evaluate, PUT): every route of a day, in bytes. */
  planEditMaxBytes: number;
  /** Planning jobs waiting for a thread; one more is a 429 with Retry-After. */
  jobQueueMax: number;
  /** A planning job's wall-clock time once a thread took it; beyond, it fails and its thread is stopped. */
  jobTimeLimitMs: number;
  /** Search time one planning request may ask for: days (or weights) x the time limit of each search. */
  searchMaxMs: number;
  /** Open progress streams (server-sent events) per user; one more is a 429. */
  streamsPerUser: number;
  /** Plan edits evaluated, and saved, per account per minute, each counted apart (each routes and prices the day; the map asks on every drag). */
  planEditsPerMinute: number;
  /** Time to receive a whole request, headers and body (Node's requestTimeout): a 20 MB import on a slow link. */
  requestTimeoutMs: number;
  /** Time to receive a request's headers (Node's headersTimeout). */
  headersTimeoutMs: number;
  /** A connection with no traffic either way is closed (Fastify's connectionTimeout); a waiting plan request lifts it while its job runs. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed (longer than a reverse proxy's own, so the proxy closes first). */
  keepAliveTimeoutMs: number;
  /** An uploaded OSM extract (PUT /api/roads/extract), in bytes (413 beyond): a county's PBF. */
  roadsExtractMaxBytes: number;
  /** Memory a road build's thread may use, in MB; past it the build fails naming the limit (clip the extract). */
  roadsBuildMemoryMb: number;
}

const MB = 1024 * 1024;
const MINUTE = 60_000;

export const DEFAULT_LIMITS: Limits = {
  importMaxBytes: 20 * MB,
  jsonMaxBytes: 1 * MB,
  planEditMaxBytes: 4 * MB,
  jobQueueMax: 8,
  jobTimeLimitMs: 15 * MINUTE,
  searchMaxMs: 10 * MINUTE,
  streamsPerUser: 4,
  // A drag asks once: two a second for a minute is more than a hand on a map, less than a script.
  planEditsPerMinute: 120,
  // 20 MB in 10 minutes is 35 kB/s (280 kbit/s): a slow office line still gets a full import through.
  requestTimeoutMs: 10 * MINUTE,
  headersTimeoutMs: 30_000,
  idleTimeoutMs: 2 * MINUTE,
  keepAliveTimeoutMs: 72_000,
  // A county's PBF from Geofabrik is 30-150 MB; 1 GB leaves room for a region and stops a runaway upload.
  roadsExtractMaxBytes: 1024 * MB,
  roadsBuildMemoryMb: 4096,
};

export const LIMIT_ENV = {
  importMaxBytes: 'ROUNDS_IMPORT_MAX_BYTES',
  jsonMaxBytes: 'ROUNDS_JSON_MAX_BYTES',
  planEditMaxBytes: 'ROUNDS_PLAN_EDIT_MAX_BYTES',
  jobQueueMax: 'ROUNDS_JOB_QUEUE_MAX',
  jobTimeLimitMs: 'ROUNDS_JOB_TIME_LIMIT_MS',
  searchMaxMs: 'ROUNDS_SEARCH_MAX_MS',
  streamsPerUser: 'ROUNDS_STREAMS_PER_USER',
  planEditsPerMinute: 'ROUNDS_PLAN_EDITS_PER_MINUTE',
  requestTimeoutMs: 'ROUNDS_REQUEST_TIMEOUT_MS',
  headersTimeoutMs: 'ROUNDS_HEADERS_TIMEOUT_MS',
  idleTimeoutMs: 'ROUNDS_IDLE_TIMEOUT_MS',
  keepAliveTimeoutMs: 'ROUNDS_KEEP_ALIVE_TIMEOUT_MS',
  roadsExtractMaxBytes: 'ROUNDS_ROADS_MAX_BYTES',
  roadsBuildMemoryMb: 'ROUNDS_ROADS_BUILD_MEMORY_MB',
} as const satisfies Record<keyof Limits, string>;

/** Each limit from its environment variable when set: a whole number, at least 1. */
function limitsFromEnv(env: NodeJS.ProcessEnv): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(LIMIT_ENV) as Array<[keyof Limits, string]>) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const parsed = z.coerce.number().int().min(1).safeParse(raw);
    if (!parsed.success) throw new Error(`environment variable ${name}: expected a whole number of at least 1, got ${JSON.stringify(raw)}`);
    limits[key] = parsed.data;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new Error(`environment variable ${LIMIT_ENV.headersTimeoutMs}: must not exceed ${LIMIT_ENV.requestTimeoutMs}`);
  return limits;
}

export interface ServerConfig {
  port: number;
  host: string;
  /** ROUNDS_DB: a SQLite file path (resolved), or a postgres:// URL (server/store/open.ts). */
  dbPath: string;
  routing: RoutingConfig;
  osmFile: string;
  roadsCache: string;
  /** Road data loaded from the app: graphs, base maps, the record of the one in use. */
  roadDataDir: string;
  postcodeDir: string;
  clientDir: string;
  /** Seed the demo and its accounts into an empty database: never in production. */
  demo: boolean;
  production: boolean;
  trustProxy: false | string;
  /** Council single sign-on (OpenID Connect), when ROUNDS_OIDC_ISSUER is set. */
  oidc?: OidcSettings;
  limits: Limits;
  /** The planning queue's Redis (ROUNDS_QUEUE), when planning runs in `npm run worker` processes. */
  queueUrl?: string;
  /** Threads each plan's search uses (ROUNDS_SEARCH_THREADS). */
  searchThreads: number;
}

/** Reads the environment once, at start-up; a bad value stops the server with the variable's name. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = Env.superRefine(checkOidc).safeParse(env);
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
    dbPath: isPostgresUrl(e.ROUNDS_DB) ? e.ROUNDS_DB : resolve(e.ROUNDS_DB),
    routing,
    osmFile: e.ROUNDS_OSM,
    roadsCache: join(PROJECT_ROOT, 'data/cache/roads-base-map.geojson'),
    roadDataDir: resolve(e.ROUNDS_ROAD_DATA_DIR),
    postcodeDir: join(PROJECT_ROOT, 'data/postcodes'),
    clientDir: join(PROJECT_ROOT, 'dist/client'),
    demo: e.ROUNDS_DEMO === '1' && e.NODE_ENV !== 'production',
    production: e.NODE_ENV === 'production',
    trustProxy: trustProxyOf(e.ROUNDS_TRUST_PROXY),
    oidc: oidcSettingsOf(e),
    limits: limitsFromEnv(env),
    ...(e.ROUNDS_QUEUE ? { queueUrl: e.ROUNDS_QUEUE } : {}),
    // Two searches sharing their best beat one searching twice as long (README, "The day's own
    // problem"); more than two cores are better spent on other teams' plans.
    searchThreads: e.ROUNDS_SEARCH_THREADS ?? Math.min(2, availableParallelism()),
  };
}

/** What a queue worker (`npm run worker`) reads besides the server's configuration. */
export interface WorkerConfig {
  /** Jobs one worker process runs at once, each in a thread of its own. */
  concurrency: number;
  /** Jobs of one owner (the team leader who asked: the team) running at once across every worker. */
  teamConcurrency: number;
  /** BullMQ's lock on a running job: a dead worker's job is taken back by another within 1.5 x this. */
  lockMs: number;
  /** On SIGTERM, how long the jobs in hand may take to finish before they are put back on the queue. */
  shutdownGraceMs: number;
}

export const WORKER_ENV = {
  concurrency: ['ROUNDS_WORKER_CONCURRENCY', 1],
  teamConcurrency: ['ROUNDS_TEAM_CONCURRENCY', 2],
  lockMs: ['ROUNDS_WORKER_LOCK_MS', 10_000],
  shutdownGraceMs: ['ROUNDS_WORKER_SHUTDOWN_MS', 30_000],
} as const satisfies Record<keyof WorkerConfig, readonly [string, number]>;

export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const read = ([name, fallback]: readonly [string, number]) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const parsed = z.coerce.number().int().min(1).safeParse(raw);
    if (!parsed.success) throw new Error(`environment variable ${name}: expected a whole number of at least 1, got ${JSON.stringify(raw)}`);
    return parsed.data;
  };
  return {
    concurrency: read(WORKER_ENV.concurrency),
    teamConcurrency: read(WORKER_ENV.teamConcurrency),
    lockMs: Math.max(1000, read(WORKER_ENV.lockMs)),
    shutdownGraceMs: read(WORKER_ENV.shutdownGraceMs),
  };
}

/**
 * Which proxies' X-Forwarded-* entries to believe. Never all (Fastify's `true`): that takes the
 * left-most X-Forwarded-For entry, which the client writes, so anyone could choose the address the
 * sign-in throttle and the rate limit count against. 'true' means a proxy on this machine
 * ('loopback'); otherwise the proxies' addresses or subnets, comma-separated.
 */
function trustProxyOf(value: string | undefined): false | string {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? 'loopback' : value;
}
