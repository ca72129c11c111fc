import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import { RoadExtractError } from '../../solver/roads/extract.js';
import type { RoutingConfig } from '../../solver/roads/index.js';
import { defaultTimeLimitMs } from '../../solver/rules/plan-day.js';
import { describeDisagreement, type CheckerDisagreement } from '../../solver/vrp/checker-disagreement.js';
import { JobCancelledError, JobTimeLimitError, QueueFullError } from './errors.js';
import { fromFailure } from './failure.js';
import {
  isResultOf,
  workerJob,
  type JobInput,
  type JobKind,
  type JobResult,
  type PlanningData,
  type PlanningJobKind,
  type Progress,
  type RoadBuildInput,
  type RoadBuildResult,
  type ToServer,
  type ToWorker,
  type WorkerJob,
  type WorkerResult,
  type WorkerSetup,
} from './protocol.js';

import type { JobStatus } from './queue.js';
export type { JobStatus };
export { JobCancelledError, JobTimeLimitError, QueueFullError };

/** Search time a job asks for: each search's time limit times the searches (days of a week, weights of a sweep). */
export function searchBudgetMs(kind: JobKind, input: { timeLimitMs?: number; days?: number; weights?: readonly unknown[] }): number {
  if (kind === 'roads') return 0;
  const searches = kind === 'week' ? (input.days ?? 1) : kind === 'sweep' ? (input.weights?.length ?? 1) : 1;
  return searches * (input.timeLimitMs ?? defaultTimeLimitMs(kind));
}

export interface JobView {
  id: string;
  kind: JobKind;
  status: JobStatus;
  progress?: Progress;
  /** What the job produced once done (e.g. { planId }). */
  result?: unknown;
  error?: { name: string; message: string };
  createdAt: string;
}

/**
 * Events: 'progress' (Progress), 'end' (JobView). `R` is what the route's finish makes of the
 * worker's answer (e.g. { planId }), so that a route awaiting `done` gets it typed.
 */
export class Job<R = unknown> extends EventEmitter {
  status: JobStatus = 'queued';
  progress?: Progress;
  result?: R;
  error?: Error;
  readonly createdAt = new Date().toISOString();
  /** Epoch ms when a thread took the job (for the log line that times it). */
  startedAt?: number;
  /** The wall-clock cap's timer while the job runs. */
  timer?: NodeJS.Timeout;
  readonly done: Promise<R>;
  /**
   * True while the finish runs on the worker's answer: too late to cancel (a road build's switch, a
   * plan being stored would be left half done).
   */
  settling = false;
  /** Runs the finish on the worker's answer (on the server thread): done with its result, or failed when it throws. */
  readonly complete: (answer: WorkerResult) => Promise<void>;
  /** Ends a job without a result. */
  readonly abandon: (status: 'failed' | 'cancelled', error: Error) => void;

  constructor(
    readonly id: string,
    readonly kind: JobKind,
    /** Cleared once handed to a thread: finished jobs are kept for a while and need not hold the caseload. */
    public input: WorkerJob | undefined,
    /** Runs on the server thread with the worker's answer (e.g. stores the plan) and gives the job's result. */
    finish: (answer: WorkerResult) => Promise<R>,
    /** The user who started it: they (and a team leader) may follow or cancel it. */
    readonly owner: string,
    /** The search time it asked for (searchBudgetMs), to tell a refused caller when to come back. */
    readonly searchMs: number,
    /** The team whose day it plans (PlanningRequest.team): a team leader of that team follows it too. */
    readonly team?: string,
  ) {
    super();
    let resolve!: (result: R) => void;
    let reject!: (error: Error) => void;
    this.done = new Promise<R>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A job nobody awaits must not become an unhandled rejection.
    this.done.catch(() => undefined);
    const end = (status: JobStatus, outcome: { result: R } | { error: Error }) => {
      if (this.finished) return;
      this.status = status;
      if ('error' in outcome) {
        this.error = outcome.error;
        reject(outcome.error);
      } else {
        this.result = outcome.result;
        resolve(outcome.result);
      }
      this.emit('end', this.view());
    };
    this.complete = async (answer) => {
      let result: R;
      this.settling = true;
      try {
        result = await finish(answer);
      } catch (err) {
        return end('failed', { error: err instanceof Error ? err : new Error(String(err)) });
      } finally {
        this.settling = false;
      }
      end('done', { result });
    };
    this.abandon = (status, error) => end(status, { error });
  }

  view(): JobView {
    return {
      id: this.id,
      kind: this.kind,
      status: this.status,
      ...(this.progress ? { progress: this.progress } : {}),
      ...(this.result !== undefined ? { result: this.result } : {}),
      ...(this.error ? { error: { name: this.error.name, message: this.error.message } } : {}),
      createdAt: this.createdAt,
    };
  }

  get finished(): boolean {
    return this.status === 'done' || this.status === 'failed' || this.status === 'cancelled';
  }
}

/** The planning thread's module, and the entry every thread boots through (boot.mjs): a queue worker's threads use them too. */
export const WORKER_URL = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
const ROAD_WORKER_URL = new URL(`./road-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
export const BOOT_URL = new URL('./boot.mjs', import.meta.url);
/** Finished jobs kept for late SSE subscribers and status polls. */
const KEEP_FINISHED = 50;

/** One planning thread and the job it is running, if any. */
interface PlanningThread {
  worker: Worker;
  job?: Job;
  /** Loaded (its 'ready' came): a job's wall-clock cap counts from here, not from the thread's start-up. */
  ready?: boolean;
  /** The road data it plans on (JobRunner.generation when it started): a thread of older data is not given another job. */
  generation: number;
}

/**
 * Runs planning jobs in worker threads, at most `maxConcurrent` at once (the rest queue), so that
 * a search never blocks the event loop and the machine's cores stay shared with requests. Threads
 * are kept between jobs (loading the solver and the road graph once); cancelling a running job
 * terminates its thread at once, because a synchronous search cannot hear a message.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private readonly threads: PlanningThread[] = [];
  /** Threads stopped with their job (cancelled, over the cap), until they have exited. */
  private readonly terminating = new Set<Promise<number>>();
  /** Road builds, each in a thread of its own. */
  private readonly builds = new Set<PlanningThread>();
  private closed = false;
  private disagreements = 0;
  /** Bumped whenever the road data changes (setRoutingConfig). */
  private generation = 0;
  private routingConfig: RoutingConfig;

  constructor(
    private readonly options: {
      routingConfig: RoutingConfig;
      maxConcurrent: number;
      /** Jobs waiting for a thread; a further one is refused (QueueFullError). */
      maxQueued: number;
      /** Wall-clock cap of a job once a thread took it (JobTimeLimitError). */
      timeLimitMs: number;
      log: FastifyBaseLogger;
      /** The planning thread's module (default worker.ts); a test gives one that provokes what real data cannot. */
      workerUrl?: URL;
      /** Threads each plan's search uses (ROUNDS_SEARCH_THREADS); default one. */
      searchThreads?: number;
    },
  ) {
    this.routingConfig = options.routingConfig;
  }

  /** Throws QueueFullError (429) when a new job would wait beyond `maxQueued`. */
  checkRoom(): void {
    if (this.closed) throw new Error('the job runner is closed');
    if (this.queue.length >= this.options.maxQueued) throw new QueueFullError(this.queue.length, this.secondsUntilAThreadFrees());
  }

  /** A job of one kind: its input and the value `finish` receives are that kind's (protocol.ts). */
  start<K extends PlanningJobKind, R>(
    kind: K,
    data: PlanningData,
    input: JobInput<K>,
    finish: (value: JobResult<K>, jobId: string) => Promise<R>,
    owner: string,
    team?: string,
  ): Job<R> {
    this.checkRoom();
    const settle = (answer: WorkerResult): Promise<R> => {
      if (!isResultOf(kind, answer)) throw new Error(`a ${kind} job was answered with a ${answer.kind} result`);
      // The job's id goes with the save: a save repeated by the same job answers the first one.
      return finish(answer.value, job.id);
    };
    const job = new Job(randomUUID(), kind, workerJob(kind, data, input), settle, owner, searchBudgetMs(kind, input), team);
    job.once('end', () => this.ended(job));
    this.jobs.set(job.id, job);
    this.queue.push(job);
    this.pump();
    this.forgetOld();
    return job;
  }

  /**
   * A road build, in a thread of its own rather than the planning pool: it may take minutes and
   * gigabytes, which planning should neither wait for nor share; the thread ends with the build and
   * its memory with it. `memoryMb` caps the thread's heap: a file too big for it fails naming the
   * limit, where a build without a cap could take the whole server down. No wall-clock cap: a county
   * takes as long as it takes, and DELETE /api/jobs/:id stops it.
   */
  startRoadBuild<R>(input: RoadBuildInput, finish: (value: RoadBuildResult) => Promise<R>, owner: string, memoryMb: number): Job<R> {
    if (this.closed) throw new Error('the job runner is closed');
    const settle = (answer: WorkerResult): Promise<R> => {
      if (!isResultOf('roads', answer)) throw new Error(`a road build was answered with a ${answer.kind} result`);
      return finish(answer.value);
    };
    const job = new Job(randomUUID(), 'roads', { kind: 'roads', input }, settle, owner, 0);
    job.once('end', () => this.ended(job));
    this.jobs.set(job.id, job);
    this.forgetOld();
    const worker = new Worker(BOOT_URL, {
      workerData: { entry: ROAD_WORKER_URL.href, setup: { routingConfig: this.routingConfig } satisfies WorkerSetup },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    const thread: PlanningThread = { worker, job, generation: this.generation };
    this.builds.add(thread);
    job.status = 'running';
    job.startedAt = Date.now();
    this.options.log.info({ jobId: job.id, kind: job.kind }, 'road build started');
    // Set once the thread has answered: its exit after that (terminated by `done`) is no failure.
    let answered = false;
    const done = () => {
      answered = true;
      this.builds.delete(thread);
      thread.job = undefined;
      void worker.terminate();
    };
    worker.on('message', (m: ToServer) => {
      if (m.type === 'ready') {
        worker.postMessage({ type: 'run', jobId: job.id, job: job.input! } satisfies ToWorker);
        job.input = undefined;
      } else if (m.type === 'progress' && !job.finished) {
        job.progress = m.progress;
        job.emit('progress', m.progress);
      } else if (m.type === 'result' || m.type === 'error') {
        done();
        if (job.finished) return;
        if (m.type === 'result') void job.complete(m.result);
        else job.abandon('failed', fromFailure(m.failure));
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const outOfMemory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (!outOfMemory) this.options.log.error({ err }, 'road build thread crashed');
      job.abandon(
        'failed',
        outOfMemory
          ? new RoadExtractError(
              input.name,
              `needs more than the ${memoryMb} MB a road build may use (ROUNDS_ROADS_BUILD_MEMORY_MB): clip it to your area, or raise the limit`,
            )
          : err,
      );
    });
    worker.on('exit', () => {
      this.builds.delete(thread);
      if (!answered) job.abandon('failed', new Error('the road build stopped without a result'));
    });
    return job;
  }

  /**
   * Plans from now on use other road data. Idle threads are replaced at once; a busy one finishes its
   * job on the road data it began with and is then replaced (plans already under way and saved keep
   * their figures).
   */
  setRoutingConfig(config: RoutingConfig): void {
    this.routingConfig = config;
    this.generation++;
    const warm = this.threads.length > 0;
    for (const thread of this.threads.filter((t) => !t.job)) this.retire(thread);
    if (warm && !this.closed && this.threads.length < this.options.maxConcurrent) this.spawn();
    this.pump();
  }

  /** Stops a thread that is not wanted any more (its road data changed), leaving the pool at once. */
  private retire(thread: PlanningThread): void {
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
    const terminated = thread.worker.terminate();
    this.terminating.add(terminated);
    void terminated.finally(() => this.terminating.delete(terminated));
  }

  /** Starts a thread ahead of the first job, so that the first plan does not pay for loading. */
  prewarm(): void {
    if (!this.closed && this.threads.length === 0) this.spawn();
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Every job still known (waiting, running, or finished a short while ago), oldest first. */
  list(): Job[] {
    return [...this.jobs.values()];
  }

  /** Cancels a queued or running job; returns false when it had already finished. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.finished || job.settling) return false;
    this.stop(job, 'cancelled', new JobCancelledError(id));
    return true;
  }

  /**
   * Ends a job that has not finished, taking it off the queue or terminating its thread. A
   * terminated thread leaves the pool at once, so that the next job need not wait for its exit.
   */
  private stop(job: Job, status: 'cancelled' | 'failed', error: Error): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    job.abandon(status, error);
    const build = [...this.builds].find((t) => t.job === job);
    if (build) {
      this.builds.delete(build);
      void build.worker.terminate();
    }
    const thread = this.threads.find((t) => t.job === job);
    if (thread) {
      this.threads.splice(this.threads.indexOf(thread), 1);
      const terminated = thread.worker.terminate();
      this.terminating.add(terminated);
      void terminated.finally(() => this.terminating.delete(terminated));
      this.pump();
    }
  }

  /** When the running job expected to end first should have ended (its search time), at least 5 s (one that overran is not asked about every second). */
  private secondsUntilAThreadFrees(): number {
    const now = Date.now();
    const remaining = this.threads.flatMap((t) => (t.job?.startedAt === undefined ? [] : [t.job.searchMs - (now - t.job.startedAt)]));
    const soonest = remaining.length > 0 ? Math.min(...remaining) : 0;
    return Math.max(5, Math.ceil(soonest / 1000));
  }

  /** Disagreements between the search and its checker that planning threads reported since the runner started. */
  get checkerDisagreements(): number {
    return this.disagreements;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue]) this.cancel(job.id);
    await Promise.all([...this.threads.map((t) => t.worker.terminate()), ...[...this.builds].map((t) => t.worker.terminate()), ...this.terminating]);
  }

  private spawn(): PlanningThread {
    const setup: WorkerSetup = { routingConfig: this.routingConfig, searchThreads: this.options.searchThreads };
    const entry = (this.options.workerUrl ?? WORKER_URL).href;
    const thread: PlanningThread = { worker: new Worker(BOOT_URL, { workerData: { entry, setup } }), generation: this.generation };
    this.threads.push(thread);
    thread.worker.on('message', (m: ToServer) => this.onMessage(thread, m));
    thread.worker.on('error', (err) => {
      this.options.log.error({ err }, 'planning worker crashed');
      thread.job?.abandon('failed', err);
    });
    thread.worker.on('exit', () => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      thread.job?.abandon('failed', new Error('the planning worker stopped without a result'));
      thread.job = undefined;
      this.pump();
    });
    return thread;
  }

  private onMessage(thread: PlanningThread, m: ToServer): void {
    if (m.type === 'ready') {
      thread.ready = true;
      if (thread.job) this.startClock(thread.job);
      return;
    }
    // Counted whatever became of the job (cancelled meanwhile, or over the cap): the bug is the solver's.
    if (m.type === 'checker-disagreement') return this.onDisagreement(m.jobId, m.disagreement);
    const job = thread.job;
    if (!job || job.id !== m.jobId) return;
    if (m.type === 'progress') {
      if (job.finished) return;
      job.progress = m.progress;
      job.emit('progress', m.progress);
      return;
    }
    thread.job = undefined;
    // The thread is done: storing its result is not part of the search the cap bounds.
    clearTimeout(job.timer);
    if (thread.generation !== this.generation) this.retire(thread);
    this.pump();
    if (job.finished) return;
    if (m.type === 'result') void job.complete(m.result);
    else job.abandon('failed', fromFailure(m.failure));
  }

  /**
   * The search and its independent checker disagreed: a solver bug, never the user's. One short
   * line at error level (the model holds no personal data: matrices, windows, case refs as job
   * ids); the reproduction (problem, seed, solution: megabytes for a large day) at debug level.
   */
  private onDisagreement(jobId: string, d: CheckerDisagreement): void {
    this.disagreements++;
    const { problem, seed, iterations, stoppedBy } = d.reproduction;
    const log = this.options.log;
    log.error(
      { jobId, kind: this.jobs.get(jobId)?.kind, about: d.about, violations: d.violations.length, seed, iterations, stoppedBy, jobs: problem.jobs.length },
      `checker disagreement: ${describeDisagreement(d)}`,
    );
    log.debug({ jobId, reproduction: reproductionJson(d) }, 'checker disagreement reproduction');
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let thread = this.threads.find((t) => !t.job);
      if (!thread) {
        if (this.threads.length >= this.options.maxConcurrent) return;
        thread = this.spawn();
      }
      const job = this.queue.shift()!;
      thread.job = job;
      job.status = 'running';
      job.startedAt = Date.now();
      if (thread.ready) this.startClock(job);
      this.options.log.info({ jobId: job.id, kind: job.kind, queued: this.queue.length }, 'planning job started');
      const message: ToWorker = { type: 'run', jobId: job.id, job: job.input! };
      thread.worker.postMessage(message);
      job.input = undefined;
    }
  }

  /** The wall-clock cap: past it the job fails and its thread is stopped, as a cancel stops it. */
  private startClock(job: Job): void {
    if (job.finished) return;
    job.timer = setTimeout(() => this.stop(job, 'failed', new JobTimeLimitError(this.options.timeLimitMs)), this.options.timeLimitMs);
  }

  private ended(job: Job): void {
    clearTimeout(job.timer);
    const ms = job.startedAt === undefined ? undefined : Date.now() - job.startedAt;
    this.options.log.info({ jobId: job.id, kind: job.kind, status: job.status, ms }, 'planning job ended');
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finished);
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}

/** A reproduction as JSON holds it: the travel matrices (typed arrays) as plain arrays; an unreachable pair (Infinity) prints as null. */
export function reproductionJson(d: CheckerDisagreement) {
  const { problem, ...run } = d.reproduction;
  return { ...run, problem: { ...problem, durations: Array.from(problem.durations), distances: Array.from(problem.distances) } };
}
