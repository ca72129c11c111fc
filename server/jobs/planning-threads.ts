/**
 * A queue worker's planning threads: the same thread module as the API's (worker.ts), one job at a
 * time each, kept between jobs (the solver and the road graph load once). When the road data
 * changes, idle threads go at once and busy ones when their job ends. Stopping a run
 * terminates its thread, because a synchronous search cannot hear a message: that is how a cancel
 * and the wall-clock cap stop a job.
 */
import { Worker } from 'node:worker_threads';
import type { CheckerDisagreement } from '../../solver/vrp/checker-disagreement.js';
import type { Progress, ToServer, ToWorker, WorkerFailure, WorkerJob, WorkerResult, WorkerSetup } from './protocol.js';
import { BOOT_URL, WORKER_URL } from './runner.js';

/** A thread's failure as it sent it, for the job's failedReason. */
export class ThreadFailure extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure.kind === 'internal' ? failure.message : failure.kind);
    this.name = 'ThreadFailure';
  }
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  /** The road data it loaded (setRoutingConfig's count). */
  generation: number;
}

export interface RunHooks {
  /** The thread is loaded and has the job: the wall-clock cap counts from here. */
  started(): void;
  progress(progress: Progress): void;
  disagreement(disagreement: CheckerDisagreement): void;
}

export interface ThreadRun {
  result: Promise<WorkerResult>;
  /** Terminates the thread; the result then rejects (the caller has decided why). */
  stop(): Promise<void>;
}

export class PlanningThreads {
  private readonly idle: Thread[] = [];
  private readonly busy = new Set<Thread>();
  private generation = 0;

  constructor(
    private setup: WorkerSetup,
    private readonly workerUrl: URL = WORKER_URL,
  ) {}

  /** New road data: threads load it from now on; a job already running finishes on what it started with. */
  setRoutingConfig(config: WorkerSetup['routingConfig']): void {
    this.setup = { ...this.setup, routingConfig: config };
    this.generation++;
    const idle = this.idle.splice(0);
    for (const thread of idle) void thread.worker.terminate();
    // As many loading the new data as were waiting, so the next job does not pay for loading.
    for (let i = 0; i < idle.length; i++) this.idle.push(this.spawn());
  }

  run(jobId: string, job: WorkerJob, hooks: RunHooks): ThreadRun {
    const thread = this.idle.pop() ?? this.spawn();
    this.busy.add(thread);
    let stopped = false;
    let settle!: { resolve: (r: WorkerResult) => void; reject: (e: Error) => void };
    const result = new Promise<WorkerResult>((resolve, reject) => (settle = { resolve, reject }));
    const detach = () => {
      thread.worker.off('message', onMessage);
      thread.worker.off('exit', onExit);
      thread.worker.off('error', onError);
      this.busy.delete(thread);
    };
    const onMessage = (m: ToServer) => {
      if (m.type === 'ready' || m.jobId !== jobId) return;
      if (m.type === 'progress') return hooks.progress(m.progress);
      if (m.type === 'checker-disagreement') return hooks.disagreement(m.disagreement);
      detach();
      if (thread.generation === this.generation) this.idle.push(thread);
      else void thread.worker.terminate();
      if (m.type === 'result') settle.resolve(m.result);
      else settle.reject(new ThreadFailure(m.failure));
    };
    const onError = (err: Error) => {
      detach();
      settle.reject(new ThreadFailure({ kind: 'internal', name: err.name, message: err.message, stack: err.stack }));
    };
    const onExit = () => {
      detach();
      settle.reject(new ThreadFailure({ kind: 'internal', name: 'Error', message: 'the planning thread stopped without a result' }));
    };
    thread.worker.on('message', onMessage);
    thread.worker.on('error', onError);
    thread.worker.on('exit', onExit);
    void thread.ready.then(() => {
      if (stopped) return;
      hooks.started();
      thread.worker.postMessage({ type: 'run', jobId, job } satisfies ToWorker);
    });
    return {
      result,
      stop: async () => {
        stopped = true;
        await thread.worker.terminate();
      },
    };
  }

  /** Starts `count` threads ahead of the first job, so that it does not wait for the loading; resolves once they are loaded. */
  async prewarm(count: number): Promise<void> {
    const fresh = Array.from({ length: Math.max(0, count - this.idle.length - this.busy.size) }, () => this.spawn());
    this.idle.push(...fresh);
    await Promise.all(fresh.map((t) => t.ready));
  }

  /** Terminates every thread (idle ones, and any a job still holds). */
  async close(): Promise<void> {
    const all = [...this.idle.splice(0), ...this.busy];
    await Promise.all(all.map((t) => t.worker.terminate()));
  }

  private spawn(): Thread {
    const worker = new Worker(BOOT_URL, { workerData: { entry: this.workerUrl.href, setup: this.setup } });
    const ready = new Promise<void>((resolve) => {
      const onReady = (m: ToServer) => {
        if (m.type !== 'ready') return;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
    });
    return { worker, ready, generation: this.generation };
  }
}
