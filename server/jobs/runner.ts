import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { RoutingConfig } from '../../solver/roads/index.js';
import type { JobKind, PlanningData, Progress, ToServer, ToWorker, WorkerInput, WorkerSetup } from './protocol.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The error a worker reported, rebuilt on this side with its name, so the error handler maps it. */
export class WorkerError extends Error {
  constructor(
    name: string,
    message: string,
    readonly field?: string,
    readonly code?: string,
    readonly point?: number,
  ) {
    super(message);
    this.name = name;
  }
}

export class JobCancelledError extends Error {
  constructor(id: string) {
    super(`planning job ${id} was cancelled`);
    this.name = 'JobCancelledError';
  }
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

/** Events: 'progress' (Progress), 'end' (JobView). */
export class Job extends EventEmitter {
  status: JobStatus = 'queued';
  progress?: Progress;
  result?: unknown;
  error?: Error;
  readonly createdAt = new Date().toISOString();
  /** Epoch ms when a thread took the job (for the log line that times it). */
  startedAt?: number;
  readonly done: Promise<unknown>;
  resolve!: (v: unknown) => void;
  reject!: (e: Error) => void;

  constructor(
    readonly id: string,
    readonly kind: JobKind,
    /** Cleared once handed to a thread: finished jobs are kept for a while and need not hold the caseload. */
    public input: WorkerInput | undefined,
    /** Runs on the server thread with the worker's value (e.g. stores the plan) and gives the job's result. */
    readonly finish: (value: unknown) => Promise<unknown>,
    /** The user who started it: they (and a team leader) may follow or cancel it. */
    readonly owner: string,
  ) {
    super();
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A job nobody awaits must not become an unhandled rejection.
    this.done.catch(() => undefined);
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

const WORKER_URL = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
const BOOT_URL = new URL('./boot.mjs', import.meta.url);
/** Finished jobs kept for late SSE subscribers and status polls. */
const KEEP_FINISHED = 50;

/** One planning thread and the job it is running, if any. */
interface PlanningThread {
  worker: Worker;
  job?: Job;
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
  private closed = false;

  constructor(private readonly options: { routingConfig: RoutingConfig; maxConcurrent: number; log: FastifyBaseLogger }) {}

  start(kind: JobKind, data: PlanningData, input: Record<string, unknown>, finish: (value: unknown) => Promise<unknown>, owner: string): Job {
    if (this.closed) throw new Error('the job runner is closed');
    const job = new Job(randomUUID(), kind, { kind, data, input }, finish, owner);
    this.jobs.set(job.id, job);
    this.queue.push(job);
    this.pump();
    this.forgetOld();
    return job;
  }

  /** Starts a thread ahead of the first job, so that the first plan does not pay for loading. */
  prewarm(): void {
    if (!this.closed && this.threads.length === 0) this.spawn();
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Cancels a queued or running job; returns false when it had already finished. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.finished) return false;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.end(job, 'cancelled', undefined, new JobCancelledError(id));
    const thread = this.threads.find((t) => t.job === job);
    if (thread) void thread.worker.terminate();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue]) this.cancel(job.id);
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private spawn(): PlanningThread {
    const setup: WorkerSetup = { routingConfig: this.options.routingConfig };
    const thread: PlanningThread = { worker: new Worker(BOOT_URL, { workerData: { entry: WORKER_URL.href, setup } }) };
    this.threads.push(thread);
    thread.worker.on('message', (m: ToServer) => this.onMessage(thread, m));
    thread.worker.on('error', (err) => {
      this.options.log.error({ err }, 'planning worker crashed');
      if (thread.job) this.end(thread.job, 'failed', undefined, err);
    });
    thread.worker.on('exit', () => {
      this.threads.splice(this.threads.indexOf(thread), 1);
      if (thread.job && !thread.job.finished) this.end(thread.job, 'failed', undefined, new Error('the planning worker stopped without a result'));
      thread.job = undefined;
      this.pump();
    });
    return thread;
  }

  private onMessage(thread: PlanningThread, m: ToServer): void {
    if (m.type === 'ready') return;
    const job = thread.job;
    if (!job || job.id !== m.jobId) return;
    if (m.type === 'progress') {
      if (job.finished) return;
      job.progress = m.progress;
      job.emit('progress', m.progress);
      return;
    }
    thread.job = undefined;
    this.pump();
    if (job.finished) return;
    if (m.type === 'result') {
      job.finish(m.value).then(
        (result) => this.end(job, 'done', result),
        (err: Error) => this.end(job, 'failed', undefined, err),
      );
    } else {
      this.end(job, 'failed', undefined, new WorkerError(m.name, m.message, m.field, m.code, m.point));
    }
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
      this.options.log.info({ jobId: job.id, kind: job.kind, queued: this.queue.length }, 'planning job started');
      const message: ToWorker = { type: 'run', jobId: job.id, job: job.input! };
      thread.worker.postMessage(message);
      job.input = undefined;
    }
  }

  private end(job: Job, status: JobStatus, result?: unknown, error?: Error): void {
    if (job.finished) return;
    job.status = status;
    job.result = result;
    job.error = error;
    if (error) job.reject(error);
    else job.resolve(result);
    job.emit('end', job.view());
    const ms = job.startedAt === undefined ? undefined : Date.now() - job.startedAt;
    this.options.log.info({ jobId: job.id, kind: job.kind, status, ms }, 'planning job ended');
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finished);
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}
