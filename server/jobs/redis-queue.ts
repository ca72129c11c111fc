/**
 * The API's side of ROUNDS_QUEUE: planning jobs go to BullMQ on Redis, and `npm run worker`
 * processes run them and save their plans (queue-worker.ts). An API instance keeps nothing of its
 * own: a job's status, progress and result are read from the queue, and each instance's QueueEvents
 * subscription feeds its own progress streams, so that any instance answers for any job. Road builds
 * stay in this instance's threads (`local`) and are answered for here.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job, type JobState } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { ProblemError } from '../errors.js';
import { JobCancelledError, QueueFullError } from './errors.js';
import type { FinishResult } from './finish.js';
import { planningOrder, type PlanningJobKind, type Progress } from './protocol.js';
import { isFinished, type CancelOutcome, type JobFollower, type JobRecord, type PlanningQueue, type PlanningRequest, type StartedJob } from './queue.js';
import {
  cancelledKey,
  decodeFailure,
  DISAGREEMENTS_KEY,
  endKey,
  JOB_KEY_TTL_S,
  JOB_OPTIONS,
  QUEUE_NAME,
  connectionOptions,
  redisClient,
  type CancelledRecord,
  type QueuedJobData,
} from './queue-shared.js';
import { searchBudgetMs } from './runner.js';
import type { ThreadQueue } from './thread-queue.js';

export interface RedisQueueOptions {
  url: string;
  /** Jobs waiting across every instance; one more is a 429 (ROUNDS_JOB_QUEUE_MAX). */
  maxQueued: number;
  log: FastifyBaseLogger;
}

/** A request that cannot reach Redis within this is a 503 rather than a wait as long as Redis is away. */
const REDIS_WAIT_MS = 10_000;
/** The jobs listed of each state (GET /api/jobs). */
const LIST_PER_STATE = 100;
const NOT_YET_RUNNING: JobState[] = ['waiting', 'delayed', 'prioritized'];

function unavailable(): ProblemError {
  return new ProblemError(503, 'Planning queue unavailable', 'the planning queue cannot be reached just now; try again in a minute', undefined, {
    retryAfterSeconds: 30,
  });
}

/** Work on Redis: its failure (Redis away, a connection lost) or a wait past REDIS_WAIT_MS is a 503. */
async function inTime<T>(work: Promise<T>, log: FastifyBaseLogger): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(unavailable()), REDIS_WAIT_MS)));
  try {
    return await Promise.race([
      work.catch((err: unknown) => {
        log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'planning queue unavailable');
        throw unavailable();
      }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const isProgress = (value: unknown): value is Progress => typeof value === 'object' && value !== null && 'phase' in value;

export class RedisQueue implements PlanningQueue {
  private readonly queue: Queue<QueuedJobData>;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private readonly followers = new Map<string, Set<JobFollower>>();

  constructor(
    private readonly local: ThreadQueue,
    private readonly options: RedisQueueOptions,
  ) {
    this.queue = new Queue<QueuedJobData>(QUEUE_NAME, { connection: connectionOptions(options.url, 'api'), defaultJobOptions: JOB_OPTIONS });
    // The event subscription blocks on Redis and waits for it to come back, as a worker does.
    this.events = new QueueEvents(QUEUE_NAME, { connection: connectionOptions(options.url, 'worker') });
    this.redis = redisClient(options.url, 'api');
    const quiet = (err: Error) => options.log.warn({ err: { message: err.message } }, 'planning queue connection error');
    this.queue.on('error', quiet);
    this.events.on('error', quiet);
    this.redis.on('error', quiet);
    this.events.on('progress', ({ jobId, data }) => {
      if (!isProgress(data)) return;
      for (const f of this.followers.get(jobId) ?? []) f.progress(data);
    });
    for (const event of ['completed', 'failed', 'removed'] as const) this.events.on(event, ({ jobId }: { jobId: string }) => void this.announceEnd(jobId));
  }

  async start<K extends PlanningJobKind>(request: PlanningRequest<K>): Promise<StartedJob<FinishResult<K>>> {
    const { maxQueued } = this.options;
    const waiting = await this.inTime(this.waitingCount());
    if (waiting >= maxQueued) throw new QueueFullError(waiting, await this.secondsUntilAWorkerFrees());
    const id = randomUUID();
    const data: QueuedJobData = {
      planning: planningOrder(request.kind, request.input),
      owner: request.owner,
      ...(request.team ? { team: request.team } : {}),
      ...(request.replanOf ? { replanOf: request.replanOf } : {}),
      ...(request.seen ? { seen: request.seen } : {}),
      searchMs: searchBudgetMs(request.kind, request.input),
    };
    const job = await this.inTime(this.queue.add(request.kind, data, { jobId: id }));
    // Instances add at once: counted again after adding, a job over the bound takes itself back.
    const after = await this.inTime(this.waitingCount());
    if (
      after > maxQueued &&
      (await job.remove().then(
        () => true,
        () => false,
      ))
    ) {
      throw new QueueFullError(after - 1, await this.secondsUntilAWorkerFrees());
    }
    let done: Promise<FinishResult<K>> | undefined;
    const ended = () => this.awaitEnd<FinishResult<K>>(id);
    return {
      id,
      status: 'queued',
      // Followed only by a route that waits: an async request's job needs no subscription here.
      get done() {
        done ??= ended();
        return done;
      },
    };
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const local = await this.local.get(id);
    if (local) return local;
    return this.inTime(this.remote(id));
  }

  async list(): Promise<JobRecord[]> {
    const states: JobState[] = ['active', ...NOT_YET_RUNNING, 'completed', 'failed'];
    const remote = await this.inTime(
      Promise.all(
        states.map(async (state) => {
          const jobs = (await this.queue.getJobs([state], 0, LIST_PER_STATE - 1)).filter((j) => j !== undefined);
          const flags = jobs.length > 0 ? await this.redis.mget(jobs.map((j) => endKey(j.id!))) : [];
          return jobs.map((job, i) => recordOf(job, state, flags[i]));
        }),
      ),
    );
    return [...(await this.local.list()), ...remote.flat()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async cancel(id: string): Promise<CancelOutcome | undefined> {
    if (await this.local.get(id)) return this.local.cancel(id);
    return this.inTime(this.cancelRemote(id));
  }

  follow(id: string, follower: JobFollower): () => void {
    // A road build is this instance's own.
    if (this.local.runner.get(id)) return this.local.follow(id, follower);
    let set = this.followers.get(id);
    if (!set) this.followers.set(id, (set = new Set()));
    set.add(follower);
    return () => {
      set.delete(follower);
      if (set.size === 0 && this.followers.get(id) === set) this.followers.delete(id);
    };
  }

  async checkerDisagreements(): Promise<number> {
    const counted = await this.inTime(this.redis.get(DISAGREEMENTS_KEY)).catch(() => null);
    return (await this.local.checkerDisagreements()) + Number(counted ?? 0);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.redis.disconnect();
    await this.local.close();
  }

  private async remote(id: string): Promise<JobRecord | undefined> {
    // The state before the job: a job read before it ended would show an end without its result.
    const state = await this.queue.getJobState(id);
    const job = state === 'unknown' ? undefined : ((await this.queue.getJob(id)) as Job<QueuedJobData> | undefined);
    if (!job) {
      const cancelled = await this.redis.get(cancelledKey(id));
      if (!cancelled) return undefined;
      const record = JSON.parse(cancelled) as CancelledRecord;
      return { id, ...record, status: 'cancelled', error: new JobCancelledError(id) };
    }
    return recordOf(job, state, await this.redis.get(endKey(id)));
  }

  private async cancelRemote(id: string): Promise<CancelOutcome | undefined> {
    const job = (await this.queue.getJob(id)) as Job<QueuedJobData> | undefined;
    if (!job) return (await this.redis.exists(cancelledKey(id))) ? 'finished' : undefined;
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return 'finished';
    // Atomic against the worker's 'settle': whichever comes first decides.
    if ((await this.redis.set(endKey(id), 'cancel', 'EX', JOB_KEY_TTL_S, 'NX')) !== 'OK') {
      return (await this.redis.get(endKey(id))) === 'settle' ? 'settling' : 'finished';
    }
    if (state !== 'active') {
      // Off the queue at once (it no longer counts against the bound); the record answers for it.
      const record: CancelledRecord = {
        kind: job.data.planning.kind,
        owner: job.data.owner,
        ...(job.data.team ? { team: job.data.team } : {}),
        createdAt: new Date(job.timestamp).toISOString(),
      };
      await this.redis.set(cancelledKey(id), JSON.stringify(record), 'EX', JOB_KEY_TTL_S);
      // A worker took it meanwhile: it reads the flag before the search and stops.
      if (
        !(await job.remove().then(
          () => true,
          () => false,
        ))
      )
        await this.redis.del(cancelledKey(id));
    }
    return 'cancelled';
  }

  /** Waits for a job's end, through this instance's event subscription. */
  private awaitEnd<R>(id: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      const settle = (record: JobRecord) => {
        if (settled) return;
        settled = true;
        unfollow();
        if (record.status === 'done') resolve(record.result as R);
        else reject(record.error ?? new Error('the planning job ended without a result'));
      };
      const unfollow = this.follow(id, { progress: () => undefined, end: settle });
      // It may have ended before the subscription: read once.
      void this.get(id).then(
        (record) => record && isFinished(record.status) && settle(record),
        () => undefined,
      );
    });
  }

  private async announceEnd(id: string): Promise<void> {
    const followers = this.followers.get(id);
    if (!followers || followers.size === 0) return;
    try {
      const record = await this.remote(id);
      if (!record || !isFinished(record.status)) return;
      for (const f of [...followers]) f.end(record);
    } catch (err) {
      this.options.log.warn({ jobId: id, err: { message: (err as Error).message } }, 'could not read an ended job');
    }
  }

  private inTime<T>(work: Promise<T>): Promise<T> {
    return inTime(work, this.options.log);
  }

  private async waitingCount(): Promise<number> {
    const counts = await this.queue.getJobCounts(...NOT_YET_RUNNING);
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  /** When the running job expected to end first should have ended, at least 5 s. */
  private async secondsUntilAWorkerFrees(): Promise<number> {
    const now = Date.now();
    const active = (await this.inTime(this.queue.getActive(0, 49)).catch(() => [])) as Array<Job<QueuedJobData>>;
    const remaining = active.map((j) => j.data.searchMs - (now - (j.processedOn ?? now)));
    return Math.max(5, Math.ceil((remaining.length > 0 ? Math.min(...remaining) : 0) / 1000));
  }
}

/** A queue job as the API shows it. A cancel flag counts at once: the worker stops within half a second. */
function recordOf(job: Job<QueuedJobData>, state: JobState | 'unknown', flag: string | null | undefined): JobRecord {
  const base = {
    id: job.id!,
    kind: job.data.planning.kind,
    owner: job.data.owner,
    ...(job.data.team ? { team: job.data.team } : {}),
    createdAt: new Date(job.timestamp).toISOString(),
    ...(isProgress(job.progress) ? { progress: job.progress } : {}),
  };
  if (state === 'completed') return { ...base, status: 'done', result: job.returnvalue };
  if (state === 'failed') {
    const error = decodeFailure(job.failedReason);
    return { ...base, status: error instanceof JobCancelledError ? 'cancelled' : 'failed', error };
  }
  if (flag === 'cancel') return { ...base, status: 'cancelled', error: new JobCancelledError(job.id!) };
  if (state === 'active') return { ...base, status: 'running', ...(flag === 'settle' ? { settling: true } : {}) };
  return { ...base, status: 'queued' };
}
