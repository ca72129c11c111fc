/**
 * `npm start`: builds the client when dist/client is missing or older than its sources, opens (and migrates) the database,
 * seeds the demo on first run, and serves the API and the client on PORT (default 8080).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createRoutingBackend, type RoutingConfig } from '../solver/roads/index.js';
import type { RoutingBackend } from '../solver/roads/backend.js';
import { buildApp } from './app.js';
import { configFromEnv, PROJECT_ROOT } from './config.js';
import { createDemoAccounts, demoAccountLines } from './demo/accounts.js';
import { seedDemo } from './demo/seed.js';
import { loadPostcodeIndex } from './postcodes/index.js';
import { readRoadDataInUse, routingConfigFor, type RoadDataRecord } from './roads/road-data.js';
import { scheduleRetention } from './retention.js';
import { openStore } from './store/open.js';

/** Newest modification time under a folder (ms), 0 when it is empty or missing. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the client when there is no build, or when a source changed after it (say, after a pull). */
function buildClientIfStale(clientDir: string): void {
  const built = join(clientDir, 'index.html');
  const sources = [join(PROJECT_ROOT, 'client'), join(PROJECT_ROOT, 'vite.config.ts')];
  const newestSource = Math.max(newestMtime(sources[0]), existsSync(sources[1]) ? statSync(sources[1]).mtimeMs : 0);
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return;
  if (!existsSync(join(PROJECT_ROOT, 'client/index.html'))) {
    console.warn('No client sources (client/index.html); serving the API only.');
    return;
  }
  console.log('Building the client (vite build) ...');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (r.status !== 0) console.warn('The client build failed; serving the API only.');
}

/** The configured backend, or the straight-line estimate when it cannot start (said loudly). */
async function routingBackend(config: RoutingConfig): Promise<{ backend: RoutingBackend; config: RoutingConfig }> {
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
async function roadDataInUse(dir: string, configured: RoutingConfig): Promise<{ record: RoadDataRecord; config: RoutingConfig } | undefined> {
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

async function main(): Promise<void> {
  const config = configFromEnv();
  buildClientIfStale(config.clientDir);
  const store = await openStore(config.dbPath, {
    // An idle PostgreSQL connection dropped (a restart): the pool opens another on the next request.
    onError: (err) => console.warn(`Database connection dropped (${(err as { code?: string }).code ?? err.message}); reconnecting on the next request.`),
  });
  const postcodes = loadPostcodeIndex(config.postcodeDir);
  if (config.demo && (await store.countCases()) === 0 && (await store.listOfficers()).length === 0) {
    const seeded = await seedDemo(store, postcodes);
    console.log(`Seeded the demo: ${seeded.imported} cases, ${seeded.officers} officers.`);
  }
  const demoAccounts = config.demo ? await createDemoAccounts(store) : [];
  const loaded = await roadDataInUse(config.roadDataDir, config.routing);
  let routing = await routingBackend(loaded?.config ?? config.routing);
  // The loaded graph would not start (deleted by hand, say): the configured road data, as without it.
  if (loaded && routing.config !== loaded.config) routing = await routingBackend(config.routing);
  const inUse = loaded && routing.config === loaded.config ? loaded.record : undefined;
  if (inUse) console.log(`Road data: ${inUse.source}, loaded ${inUse.importedAt} by ${inUse.importedBy}`);
  const app = await buildApp({
    store,
    postcodes,
    routing: routing.backend,
    routingConfig: routing.config,
    logger: true,
    clientDir: config.clientDir,
    trustProxy: config.trustProxy,
    limits: config.limits,
    roads: { osmFile: config.osmFile, cacheFile: config.roadsCache },
    roadData: { dir: config.roadDataDir, inUse },
    oidc: config.oidc,
  });
  app.jobs.prewarm();
  // Plan versions pruned and closed cases erased as the settings say: now, then daily.
  const retention = scheduleRetention(store, app.log);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      retention.stop();
      void app
        .close()
        .then(() => store.close())
        .then(() => process.exit(0));
    });
  }
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`Rounds is serving http://${shown}:${config.port}/ (API docs at /docs; routing: ${routing.backend.name})`);
  if (config.oidc) console.log(`Single sign-on: ${config.oidc.issuer.href} (callback ${config.oidc.redirectUri.href})`);
  for (const line of demoAccountLines(demoAccounts)) console.log(line);
  if ((await store.accounts.countUsers()) === 0) {
    console.log('There are no accounts yet: create the first admin with `npm run --silent users -- add --username NAME --role admin --password-stdin`.');
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
