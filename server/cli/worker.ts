/**
 * `npm run worker`: a planning worker for ROUNDS_QUEUE. It reads the server's configuration (the
 * database, the queue, the road data), opens the store, and runs planning jobs off the queue, each
 * search in a thread of its own, saving each plan itself (server/jobs/queue-worker.ts). Start any
 * number, on any machine that reaches Redis and the database and has the road data (the folder an
 * admin's extract is written to: a worker plans on a newly loaded one from its next job). SIGTERM lets
 * the jobs in hand finish (ROUNDS_WORKER_SHUTDOWN_MS at most, then they go back on the queue).
 */
import { pino } from 'pino';
import { configFromEnv, workerConfigFromEnv } from '../config.js';
import { QueueWorker } from '../jobs/queue-worker.js';
import { REDACTED_PATHS } from '../logging.js';
import { startupRouting } from '../roads/startup.js';
import { openStore } from '../store/open.js';

async function main(): Promise<void> {
  const config = configFromEnv();
  if (!config.queueUrl) throw new Error('environment variable ROUNDS_QUEUE: required by `npm run worker` (redis://host:6379)');
  const settings = workerConfigFromEnv();
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
  // The store the API uses (ROUNDS_DB): a SQLite file on this machine, or PostgreSQL.
  const store = await openStore(config.dbPath);
  const routing = await startupRouting(config.roadDataDir, config.routing);
  const worker = new QueueWorker({
    url: config.queueUrl,
    store,
    routingConfig: routing.config,
    concurrency: settings.concurrency,
    ownerLimit: settings.teamConcurrency,
    timeLimitMs: config.limits.jobTimeLimitMs,
    lockMs: settings.lockMs,
    searchThreads: config.searchThreads,
    roadData: { dir: config.roadDataDir, configured: config.routing },
    log,
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'worker stopping');
      void worker
        .close(settings.shutdownGraceMs)
        .then(() => store.close())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'worker did not stop cleanly');
            process.exit(1);
          },
        );
    });
  }
  await worker.ready();
  console.log(
    `Rounds worker is taking planning jobs (routing: ${routing.backend.name}; ${settings.concurrency} at once, ${settings.teamConcurrency} per team across workers)`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
