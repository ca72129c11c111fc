import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { RoutingConfig } from '../../solver/roads/index.js';
import type { JobKind, PlanningData, Progress, ToServer, WorkerInput } from './protocol.js';

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
  worker?: Worker;
  readonly createdAt = new Date().toISOString();
  readonly done: Promise<unknown>;
  resolve!: (v: unknown) => void;
  reject!: (e: Error) => void;

  constructor(
    readonly id: string,
    readonly kind: JobKind,
    readonly input: WorkerInput,
    /** Runs on the server thread with the worker's value (e.g. stores the plan) and gives the job's result. */
    readonly finish: (value: unknown) => Promise<unknown>,
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
/** How long a cancelled search gets to stop by itself before its thread is terminated. */
const CANCEL_GRACE_MS = 1500;
/** Finished jobs kept for late SSE subscribers and status polls. */
const KEEP_FINISHED = 50;

/**
 * Runs planning jobs in worker threads, at most `maxConcurrent` at once (the rest queue), so that
 * a search never blocks the event loop and the machine's cores stay shared with requests.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running = 0;
  private closed = false;

  constructor(private readonly options: { routingConfig: RoutingConfig; maxConcurrent: number; log: FastifyBaseLogger }) {}

  start(kind: JobKind, data: PlanningData, input: Record<string, unknown>, finish: (value: unknown) => Promise<unknown>): Job {
    if (this.closed) throw new Error('the job runner is closed');
    const job = new Job(randomUUID(), kind, { kind, data, input, routingConfig: this.options.routingConfig }, finish);
    this.jobs.set(job.id, job);
    this.queue.push(job);
    this.pump();
    this.forgetOld();
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Cancels a queued or running job; returns false when it had already finished. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.finished) return false;
    if (job.status === 'queued') {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.end(job, 'cancelled', undefined, new JobCancelledError(id));
      return true;
    }
    const worker = job.worker;
    worker?.postMessage({ type: 'cancel' });
    // A synchronous search may not see the abort until it ends: the thread (and its queue slot)
    // must not outlive the grace period.
    setTimeout(() => {
      if (job.worker === worker) void worker?.terminate();
    }, CANCEL_GRACE_MS).unref();
    // Answer the canceller at once; the thread winds down in the background.
    this.end(job, 'cancelled', undefined, new JobCancelledError(id));
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue]) this.cancel(job.id);
    await Promise.all([...this.jobs.values()].filter((j) => j.worker).map((j) => j.worker!.terminate()));
  }

  private pump(): void {
    while (this.running < this.options.maxConcurrent && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.run(job);
    }
  }

  private run(job: Job): void {
    this.running++;
    job.status = 'running';
    const worker = new Worker(BOOT_URL, { workerData: { entry: WORKER_URL.href, job: job.input } });
    job.worker = worker;
    let released = false;
    let answered = false;
    const release = () => {
      if (released) return;
      released = true;
      this.running--;
      job.worker = undefined;
      this.pump();
    };
    worker.on('message', (m: ToServer) => {
      if (job.finished) return;
      if (m.type === 'progress') {
        job.progress = m.progress;
        job.emit('progress', m.progress);
      } else if (m.type === 'result') {
        answered = true;
        void worker.terminate();
        job.finish(m.value).then(
          (result) => this.end(job, 'done', result),
          (err: Error) => this.end(job, 'failed', undefined, err),
        );
      } else {
        void worker.terminate();
        this.end(job, 'failed', undefined, new WorkerError(m.name, m.message, m.field, m.code, m.point));
      }
    });
    worker.on('error', (err) => {
      this.options.log.error({ err, job: job.id }, 'planning worker crashed');
      this.end(job, 'failed', undefined, err);
    });
    worker.on('exit', () => {
      if (!job.finished && !answered) this.end(job, 'failed', undefined, new Error('the planning worker stopped without a result'));
      release();
    });
  }

  private end(job: Job, status: JobStatus, result?: unknown, error?: Error): void {
    if (job.finished) return;
    job.status = status;
    job.result = result;
    job.error = error;
    if (error) job.reject(error);
    else job.resolve(result);
    job.emit('end', job.view());
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finished);
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}
