/**
 * `npm start`: builds the client when dist/client is missing or older than its sources, opens (and migrates) the database,
 * seeds the demo on first run, and serves the API and the client on PORT (default 8080).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildApp, type AppOptions } from './app.js';
import { configFromEnv, PROJECT_ROOT } from './config.js';
import { createDemoAccounts, demoAccountLines } from './demo/accounts.js';
import { seedDemo } from './demo/seed.js';
import { loadPostcodeIndex } from './postcodes/index.js';
import { startupRouting } from './roads/startup.js';
import { RedisQueue } from './jobs/redis-queue.js';
import { ThreadQueue } from './jobs/thread-queue.js';
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

/** Planning jobs on BullMQ (ROUNDS_QUEUE); road builds stay in this process's threads. */
function queueOn(url: string, maxQueued: number): NonNullable<AppOptions['planningQueue']> {
  return (runner, store, log) => new RedisQueue(new ThreadQueue(runner, store), { url, maxQueued, log });
}

/** Where Redis is, without the password a URL may carry. */
function redisHost(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
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
  const routing = await startupRouting(config.roadDataDir, config.routing);
  const inUse = routing.inUse;
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
    searchThreads: config.searchThreads,
    ...(config.queueUrl ? { planningQueue: queueOn(config.queueUrl, config.limits.jobQueueMax) } : {}),
  });
  // Without a queue the first plan need not wait for a thread to load.
  if (!config.queueUrl) app.jobRunner.prewarm();
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
  if (config.queueUrl) console.log(`Planning jobs go to the queue at ${redisHost(config.queueUrl)}: start \`npm run worker\` to run them.`);
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
