/**
 * Several searches at once, one per thread, each with its own seed, sharing their best every few
 * hundred milliseconds: a thread behind the best so far carries on from it. Thread 0 runs in the
 * caller's thread and answers; the others are worker threads that stop when it stops.
 *
 * Deterministic for a given seed, thread count and iteration limit: the threads meet at fixed
 * iteration counts (a barrier on shared memory), so what each one adopts never depends on timing.
 * Routes travel as node arrays: every thread compiles the same problem to the same nodes.
 */
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Problem } from '../model';
import type { SolveOptions, SolveResult } from '../solve';
import { DEFAULT_PARAMETERS, DEFAULT_SEED, runSearch, type EliteExchange } from './search';
import type { SavedRoutes } from './search-state';

/** Iterations between meetings: a few per second on the product's days. */
export const EXCHANGE_EVERY = 40;
const WORKER_KIND = 'rounds-vrp-portfolio';
/** How long a thread waits on another before looking again. */
const POLL_MS = 20;
/**
 * A thread that has not come to a meeting this long after this one is left behind for good (a
 * worker that failed to start): its work is ignored, so nothing waits on it again.
 */
const ABANDON_MS = 10_000;
const DONE = 1;
const ABANDONED = 2;

// Control words (Int32): stop flag, then per thread the epoch it reached and whether it is done.
const STOP = 0;
const arrivedAt = (t: number): number => 1 + 2 * t;
const doneAt = (t: number): number => 2 + 2 * t;

interface PortfolioMemory {
  control: SharedArrayBuffer;
  /** Per thread, its best objective in two alternating slots (epoch parity) and a final one. */
  objectives: SharedArrayBuffer;
  /** Per thread and slot, its best routes as SavedRoutes.encode writes them. */
  routes: SharedArrayBuffer;
  slotLength: number;
}

interface PortfolioWorkerInput {
  kind: typeof WORKER_KIND;
  problem: Problem;
  options: Pick<SolveOptions, 'seed' | 'timeLimitMs' | 'maxIterations'>;
  thread: number;
  threads: number;
  memory: PortfolioMemory;
  entry: string;
}

/** The seed of thread t: thread 0 keeps the caller's, so one thread is the plain search. */
export const threadSeed = (seed: number, t: number): number => (seed + t * 104_729) >>> 0;

/** Runs `threads` searches (2 or more) and answers the best; thread 0 is this thread. */
export function runPortfolio(problem: Problem, options: SolveOptions, threads: number): SolveResult {
  const memory = allocate(problem, threads);
  const file = fileURLToPath(import.meta.url);
  const script = file.endsWith('.ts') ? fileURLToPath(new URL('../worker-bootstrap.mjs', import.meta.url)) : file;
  const { seed, timeLimitMs, maxIterations } = options;
  const workers: Worker[] = [];
  for (let t = 1; t < threads; t++) {
    const input: PortfolioWorkerInput = {
      kind: WORKER_KIND,
      problem,
      options: { seed, timeLimitMs, maxIterations },
      thread: t,
      threads,
      memory,
      entry: import.meta.url,
    };
    const worker = new Worker(script, { workerData: input });
    // A helper that fails is a thread that never arrives: mark it done so no one waits for it.
    worker.on('error', () => markDone(memory, t));
    worker.on('exit', () => markDone(memory, t));
    workers.push(worker);
  }
  try {
    return runSearch(problem, options, DEFAULT_PARAMETERS, new SharedExchange(memory, 0, threads));
  } finally {
    Atomics.store(new Int32Array(memory.control), STOP, 1);
    for (const worker of workers) void worker.terminate();
  }
}

function allocate(problem: Problem, threads: number): PortfolioMemory {
  // Every node of every route at most once, plus each route's start, end, length and lock count.
  const breaks = problem.vehicles.reduce((n, v) => n + v.breaks.length, 0);
  const slotLength = 1 + 4 * problem.vehicles.length + problem.jobs.length + breaks;
  const objectives = new SharedArrayBuffer(8 * 3 * threads);
  // Nothing published yet is worth nothing: no thread adopts an empty slot.
  new Float64Array(objectives).fill(Infinity);
  return { control: new SharedArrayBuffer(4 * (1 + 2 * threads)), objectives, routes: new SharedArrayBuffer(4 * 3 * threads * slotLength), slotLength };
}

function markDone(memory: PortfolioMemory, t: number): void {
  const control = new Int32Array(memory.control);
  Atomics.compareExchange(control, doneAt(t), 0, DONE);
  Atomics.notify(control, arrivedAt(t));
}

class SharedExchange implements EliteExchange {
  readonly every = EXCHANGE_EVERY;
  private readonly control: Int32Array;
  private readonly objectives: Float64Array;
  private readonly routes: Int32Array;

  constructor(
    private readonly memory: PortfolioMemory,
    private readonly thread: number,
    private readonly threads: number,
  ) {
    this.control = new Int32Array(memory.control);
    this.objectives = new Float64Array(memory.objectives);
    this.routes = new Int32Array(memory.routes);
  }

  stopRequested(): boolean {
    return Atomics.load(this.control, STOP) === 1;
  }

  share(iteration: number, best: SavedRoutes, bestObjective: number): number {
    const epoch = iteration / this.every;
    const slot = epoch % 2;
    this.publish(slot, best, bestObjective);
    Atomics.store(this.control, arrivedAt(this.thread), epoch);
    Atomics.notify(this.control, arrivedAt(this.thread));
    // Take the best of the threads that reached this meeting; ties go to the lower thread.
    let winner = this.thread;
    let winning = bestObjective;
    for (let t = 0; t < this.threads; t++) {
      if (t === this.thread || !this.waitFor(t, epoch)) continue;
      const objective = this.objectives[3 * t + slot];
      if (objective < winning - 1e-9 || (t < winner && Math.abs(objective - winning) <= 1e-9)) {
        winner = t;
        winning = objective;
      }
    }
    return winner === this.thread ? -1 : this.slotIndex(winner, slot);
  }

  finish(best: SavedRoutes, bestObjective: number): number {
    this.publish(2, best, bestObjective);
    markDone(this.memory, this.thread);
    if (this.thread !== 0) return -1;
    Atomics.store(this.control, STOP, 1);
    let winner = 0;
    let winning = bestObjective;
    for (let t = 1; t < this.threads; t++) {
      if (!this.waitUntilDone(t)) continue;
      const objective = this.objectives[3 * t + 2];
      if (objective < winning - 1e-9) {
        winner = t;
        winning = objective;
      }
    }
    return winner === 0 ? -1 : this.slotIndex(winner, 2);
  }

  objectiveOf(slotIndex: number): number {
    return this.objectives[slotIndex];
  }

  routesOf(slotIndex: number): Int32Array {
    const length = this.memory.slotLength;
    return this.routes.subarray(slotIndex * length, (slotIndex + 1) * length);
  }

  private slotIndex(t: number, slot: number): number {
    return 3 * t + slot;
  }

  private publish(slot: number, best: SavedRoutes, bestObjective: number): void {
    const index = this.slotIndex(this.thread, slot);
    this.objectives[index] = bestObjective;
    best.encode(this.routesOf(index));
  }

  /** Waits until thread t reaches the epoch (true) or is done without reaching it (false). */
  private waitFor(t: number, epoch: number): boolean {
    const deadline = performance.now() + ABANDON_MS;
    for (;;) {
      const reached = Atomics.load(this.control, arrivedAt(t));
      if (reached >= epoch) return true;
      const done = Atomics.load(this.control, doneAt(t));
      if (done === ABANDONED) return false;
      if (done === DONE) return Atomics.load(this.control, arrivedAt(t)) >= epoch;
      if (performance.now() > deadline) return this.abandon(t);
      Atomics.wait(this.control, arrivedAt(t), reached, POLL_MS);
    }
  }

  /** Waits until thread t has published its final best (true), or gives up on it (false). */
  private waitUntilDone(t: number): boolean {
    const deadline = performance.now() + ABANDON_MS;
    for (;;) {
      const done = Atomics.load(this.control, doneAt(t));
      if (done !== 0) return done === DONE;
      if (performance.now() > deadline) return this.abandon(t);
      Atomics.wait(this.control, arrivedAt(t), Atomics.load(this.control, arrivedAt(t)), POLL_MS);
    }
  }

  private abandon(t: number): false {
    Atomics.compareExchange(this.control, doneAt(t), 0, ABANDONED);
    return false;
  }
}

function runAsWorker(input: PortfolioWorkerInput): void {
  const exchange = new SharedExchange(input.memory, input.thread, input.threads);
  const seed = threadSeed(input.options.seed ?? DEFAULT_SEED, input.thread);
  try {
    runSearch(input.problem, { ...input.options, seed }, DEFAULT_PARAMETERS, exchange);
  } finally {
    markDone(input.memory, input.thread);
  }
}

if (!isMainThread && (workerData as PortfolioWorkerInput | undefined)?.kind === WORKER_KIND) {
  runAsWorker(workerData as PortfolioWorkerInput);
}
