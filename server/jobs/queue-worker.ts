/**
 * A queue worker's side of ROUNDS_QUEUE (`npm run worker`): takes planning jobs off BullMQ, runs
 * each search in a planning thread, and saves the plan itself (finish.ts), so that a job is done
 * exactly when its plan is stored and its result travels back through the queue.
 *
 * - A worker that dies mid-job (SIGKILL, the machine lost) stops renewing the job's lock; another
 *   worker's stalled-job check puts the job back within `lockMs` and a half, and it runs again.
 *   Its saves carry the job's id, so a job that got as far as saving before dying saves nothing more.
 * - Cancel: the API sets the job's end key to 'cancel'; the worker checks it before the search,
 *   every CANCEL_POLL_MS during it (terminating the thread), and atomically before the save.
 * - The wall-clock cap stops the thread as a cancel does; the job fails, not to be retried.
 * - Per-team concurrency: owner-slots.ts; a job whose owner is at the limit is delayed a little.
 * - SIGTERM (close): the jobs in hand finish; past the grace time, their threads are stopped and
 *   the jobs put back on the queue for another worker.
 */
import { DelayedError, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { RoutingConfig } from '../../solver/roads/index.js';
import { describeDisagreement, type CheckerDisagreement } from '../../solver/vrp/checker-disagreement.js';
import { RoadDataFollower } from '../roads/follow.js';
import type { Store } from '../store/store.js';
import { toFailure } from './failure.js';
import { finishAnswer } from './finish.js';
import { OwnerSlots } from './owner-slots.js';
import { loadPlanningData } from './planning-data.js';
import { PlanningThreads, ThreadFailure } from './planning-threads.js';
import { withData, type PlanningData, type Progress, type WorkerFailure, type WorkerResult } from './protocol.js';
import { connectionOptions, DISAGREEMENTS_KEY, encodeFailure, endKey, JOB_KEY_TTL_S, QUEUE_NAME, redisClient, type QueuedJobData } from './queue-shared.js';
import { reproductionJson } from './runner.js';

/** How often a running job's cancel flag is read. */
const CANCEL_POLL_MS = 500;
/** At most this often a job's progress is written to Redis (each search improvement would be too many). */
const PROGRESS_EVERY_MS = 250;
/** A job whose owner is at the limit comes back after this (plus up to as much again, so that workers do not step in time). */
const OWNER_WAIT_MS = 1000;

export interface QueueWorkerOptions {
  url: string;
  store: Store;
  routingConfig: RoutingConfig;
  /** Jobs this worker runs at once (ROUNDS_WORKER_CONCURRENCY). */
  concurrency: number;
  /** Jobs of one owner running at once across all workers (ROUNDS_TEAM_CONCURRENCY). */
  ownerLimit: number;
  /** A job's wall-clock cap once its thread has it (ROUNDS_JOB_TIME_LIMIT_MS, as the API's). */
  timeLimitMs: number;
  /** BullMQ's lock on a running job (ROUNDS_WORKER_LOCK_MS): a dead worker's job is taken back after at most 1.5 x this. */
  lockMs: number;
  log: Logger;
  /** The planning thread's module (tests). */
  workerUrl?: URL;
  /** Threads each plan's search uses (ROUNDS_SEARCH_THREADS); default one. */
  searchThreads?: number;
  /**
   * The road data folder (ROUNDS_ROAD_DATA_DIR) and the configured routing: an extract an admin
   * loads from the app is looked for before each job (roads/follow.ts). Without it the worker keeps
   * `routingConfig`.
   */
  roadData?: { dir: string; configured: RoutingConfig };
}

/** A failure that would fail again: no second attempt. */
const final = (failure: WorkerFailure) => new UnrecoverableError(encodeFailure(failure));

/**
 * A finished re-plan's data in Redis keeps neither the plan it re-planned nor the officer's
 * position: the queue keeps a finished job an hour (a failed one a day), out of reach of an erasure
 * or a retention run, and nothing reads them once the job has ended (the list and status read its
 * kind, owner and team).
 */
async function forgetPersonalInput(job: Job<QueuedJobData>): Promise<void> {
  const { planning } = job.data;
  if (planning.kind !== 'replan') return;
  const { current: _plan, from: _position, ...rest } = planning.input;
  // No longer a job's input (it has ended): the cast says so to the type of the queue's data.
  const forgotten = { ...job.data, planning: { kind: 'replan', input: rest } } as unknown as QueuedJobData;
  await job.updateData(forgotten).catch(() => undefined);
}

/** Whether a failure could pass on a second attempt: a bug or a road service that was down, not the input. */
function passing(failure: WorkerFailure): boolean {
  if (failure.kind === 'internal') return true;
  return failure.kind === 'routing' && (failure.code === 'Unavailable' || failure.code === 'Timeout');
}

export class QueueWorker {
  private readonly worker: Worker<QueuedJobData>;
  private readonly redis: Redis;
  private readonly threads: PlanningThreads;
  private readonly slots: OwnerSlots;
  private routingConfig: RoutingConfig;
  private readonly roadData?: RoadDataFollower;

  constructor(private readonly options: QueueWorkerOptions) {
    this.routingConfig = options.routingConfig;
    if (options.roadData) this.roadData = new RoadDataFollower(options.roadData.dir, options.roadData.configured, () => this.routingConfig);
    this.redis = redisClient(options.url, 'worker');
    this.threads = new PlanningThreads({ routingConfig: options.routingConfig, searchThreads: options.searchThreads }, options.workerUrl);
    this.slots = new OwnerSlots(this.redis, options.ownerLimit, 2 * options.lockMs);
    this.worker = new Worker<QueuedJobData>(QUEUE_NAME, (job, token, signal) => this.process(job, token, signal), {
      connection: connectionOptions(options.url, 'worker'),
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: Math.max(1000, Math.round(options.lockMs / 2)),
      // A job whose worker died twice is put back twice; a third time it fails.
      maxStalledCount: 2,
    });
    this.worker.on('error', (err) => options.log.warn({ err: { message: err.message } }, 'queue connection error'));
    this.worker.on('failed', (job, err) => options.log.info({ jobId: job?.id, kind: job?.name, reason: err.name }, 'planning job failed'));
    this.worker.on('completed', (job) =>
      options.log.info({ jobId: job.id, kind: job.name, ms: Date.now() - (job.processedOn ?? Date.now()) }, 'planning job done'),
    );
  }

  /** Resolves once the worker takes jobs, its threads loaded. */
  async ready(): Promise<void> {
    await Promise.all([this.threads.prewarm(this.options.concurrency), this.worker.waitUntilReady()]);
  }

  /** Finishes the jobs in hand, or after `graceMs` stops them and puts them back on the queue. */
  async close(graceMs: number): Promise<void> {
    const timer = setTimeout(() => this.worker.cancelAllJobs('shutdown'), graceMs);
    try {
      await this.worker.close();
    } finally {
      clearTimeout(timer);
      await this.threads.close();
      this.redis.disconnect();
    }
  }

  /** One attempt at a job; once the job has ended for good, its data forgets what no one reads again. */
  private async process(job: Job<QueuedJobData>, token: string | undefined, signal: AbortSignal | undefined): Promise<unknown> {
    try {
      const result = await this.attempt(job, token, signal);
      await forgetPersonalInput(job);
      return result;
    } catch (err) {
      const putBack = err instanceof DelayedError || err instanceof WaitingError;
      const last = err instanceof UnrecoverableError || (!putBack && job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      if (last) await forgetPersonalInput(job);
      throw err;
    }
  }

  private async attempt(job: Job<QueuedJobData>, token: string | undefined, signal: AbortSignal | undefined): Promise<unknown> {
    const id = job.id!;
    const { owner, replanOf, seen } = job.data;
    // A team's jobs share its slots; a plan of no one team (or before teams) counts under its owner.
    const slot = job.data.team === undefined ? `owner:${owner}` : `team:${job.data.team}`;
    if ((await this.redis.get(endKey(id))) === 'cancel') throw final({ kind: 'cancelled', jobId: id });
    if (!(await this.slots.acquire(slot, id))) {
      await job.moveToDelayed(Date.now() + OWNER_WAIT_MS * (1 + Math.random()), token);
      throw new DelayedError();
    }
    const log = this.options.log;
    log.info({ jobId: id, kind: job.name, attempt: job.attemptsMade + 1, stalled: job.stalledCounter }, 'planning job started');
    const lease = setInterval(
      () => void this.slots.renew(slot, id).catch((err: Error) => log.warn({ jobId: id, err: { message: err.message } }, 'could not renew a team slot')),
      this.options.lockMs / 2,
    );
    try {
      // The caseload as it stands now, read here: it never travels through Redis (protocol.ts PlanningOrder).
      // A team's job reads the team's part of it (planning-data.ts).
      const data = await loadPlanningData(this.options.store, job.data.planning);
      await this.followRoadData();
      const answer = await this.search(job, data, signal, token);
      // The cancel or the save: whichever set the key first.
      const claimed = await this.redis.set(endKey(id), 'settle', 'EX', JOB_KEY_TTL_S, 'NX');
      if (claimed !== 'OK' && (await this.redis.get(endKey(id))) === 'cancel') throw final({ kind: 'cancelled', jobId: id });
      try {
        return await finishAnswer(this.options.store, id, { owner, replanOf, seen }, answer);
      } catch (err) {
        const failure = toFailure(err);
        if (failure.kind !== 'internal') throw final(failure);
        log.error({ jobId: id, err }, 'saving a planning job failed');
        // A store that was busy or restarting may take it on the second attempt.
        throw new Error(encodeFailure(failure), { cause: err });
      }
    } finally {
      clearInterval(lease);
      await this.slots.release(slot, id).catch(() => undefined);
    }
  }

  /** Road data loaded from the app since the last job: the threads load it before this job runs. */
  private async followRoadData(): Promise<void> {
    const next = await this.roadData?.changed().catch((err: Error) => {
      this.options.log.warn({ err: { message: err.message } }, 'could not read the road data in use; planning on the road data as before');
      return undefined;
    });
    if (!next) return;
    this.routingConfig = next.config;
    this.threads.setRoutingConfig(next.config);
    this.options.log.info({ source: next.record.source, builtAt: next.record.builtAt }, 'road data switched');
  }

  /** The search in a thread, stopped by a cancel, the cap or a shutdown. */
  private search(job: Job<QueuedJobData>, data: PlanningData, signal: AbortSignal | undefined, token: string | undefined): Promise<WorkerResult> {
    const id = job.id!;
    const { log, timeLimitMs } = this.options;
    return new Promise<WorkerResult>((resolve, reject) => {
      let over = false;
      let cap: NodeJS.Timeout | undefined;
      let lastProgress = 0;
      let lastPhase: Progress['phase'] | undefined;
      const run = this.threads.run(id, withData(job.data.planning, data), {
        started: () => {
          if (!over) cap = setTimeout(() => stopWith(final({ kind: 'time-limit', limitMs: timeLimitMs })), timeLimitMs);
        },
        progress: (p) => {
          const now = Date.now();
          if (now - lastProgress < PROGRESS_EVERY_MS && p.phase === lastPhase) return;
          lastProgress = now;
          lastPhase = p.phase;
          void job.updateProgress(p).catch(() => undefined);
        },
        disagreement: (d) => this.onDisagreement(id, job.name, d),
      });
      const end = () => {
        over = true;
        clearTimeout(cap);
        clearInterval(poll);
        signal?.removeEventListener('abort', onAbort);
      };
      const stopWith = (error: Error | (() => Promise<Error>)) => {
        if (over) return;
        end();
        void run
          .stop()
          .then(() => (typeof error === 'function' ? error() : error))
          .then(reject, reject);
      };
      run.result.then(
        (result) => {
          if (over) return;
          end();
          resolve(result);
        },
        (err: unknown) => {
          if (over) return;
          end();
          const failure = err instanceof ThreadFailure ? err.failure : toFailure(err);
          if (failure.kind === 'internal')
            log.error({ jobId: id, err: { name: failure.name, message: failure.message, stack: failure.stack } }, 'planning job failed');
          reject(passing(failure) ? new Error(encodeFailure(failure)) : final(failure));
        },
      );
      const poll = setInterval(() => {
        void this.redis.get(endKey(id)).then(
          (flag) => flag === 'cancel' && stopWith(final({ kind: 'cancelled', jobId: id })),
          () => undefined,
        );
      }, CANCEL_POLL_MS);
      // Shutting down past the grace time: the job goes back on the queue for another worker, no attempt spent.
      const onAbort = () =>
        stopWith(async () => {
          await job.moveToWait(token);
          return new WaitingError();
        });
      signal?.addEventListener('abort', onAbort);
    });
  }

  /** As the API's runner logs it (runner.ts), and counted in Redis for /api/health. */
  private onDisagreement(jobId: string, kind: string, d: CheckerDisagreement): void {
    const { problem, seed, iterations, stoppedBy } = d.reproduction;
    const log = this.options.log;
    log.error(
      { jobId, kind, about: d.about, violations: d.violations.length, seed, iterations, stoppedBy, jobs: problem.jobs.length },
      `checker disagreement: ${describeDisagreement(d)}`,
    );
    log.debug({ jobId, reproduction: reproductionJson(d) }, 'checker disagreement reproduction');
    void this.redis.incr(DISAGREEMENTS_KEY).catch(() => undefined);
  }
}
