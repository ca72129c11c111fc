/**
 * Several searches at once, one per thread, each with its own seed, sharing their best every
 * so many iterations (SearchParameters.exchangeEvery): a thread behind the best so far carries on from it. Thread 0 runs in
 * the caller's thread and answers; the others are worker threads that stop when it stops.
 *
 * Under an iteration limit the threads meet at fixed iteration counts (a barrier on shared memory),
 * so what each adopts never depends on timing: a seed, a thread count and a limit reproduce a run.
 * Under a time limit alone no thread waits for another (a helper needs a moment to start, and
 * waiting for it would cost thread 0 a good part of a 2-second plan): each takes whatever best the
 * others published last. Routes travel as node arrays: every thread compiles the same problem to
 * the same nodes.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Problem } from '../model';
import type { SolveOptions, SolveResult } from '../solve';
import { DEFAULT_PARAMETERS, DEFAULT_SEED, runSearch, type EliteExchange, type SearchParameters, type SharedBest } from './search';
import type { SavedRoutes } from './search-state';

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

// Control words (Int32): the stop flag, then per thread the meeting it reached, whether it is
// done, and the version of its published best (odd while it writes: a seqlock).
const STOP = 0;
const arrivedAt = (t: number): number => 1 + 3 * t;
const doneAt = (t: number): number => 2 + 3 * t;
const versionAt = (t: number): number => 3 + 3 * t;

interface PortfolioMemory {
  control: SharedArrayBuffer;
  /** Per thread, its best objective in three slots: two for meetings (by parity), one final. */
  objectives: SharedArrayBuffer;
  /** Per thread and slot, its best routes as SavedRoutes.encode writes them. */
  routes: SharedArrayBuffer;
  slotLength: number;
  /** Meet at fixed iteration counts (an iteration limit), or never wait (a time limit alone). */
  barrier: boolean;
}

/** One search for a helper thread: its share of a portfolio run. */
interface PortfolioTask {
  problem: Problem;
  options: Pick<SolveOptions, 'seed' | 'timeLimitMs' | 'maxIterations'>;
  parameters: SearchParameters;
  thread: number;
  threads: number;
  memory: PortfolioMemory;
}

interface HelperData {
  kind: typeof WORKER_KIND;
  /** This module's URL, imported by the bootstrap when running from TypeScript source. */
  entry: string;
}

/** The seed of thread t: thread 0 keeps the caller's, so one thread is the plain search. */
export const threadSeed = (seed: number, t: number): number => (seed + t * 104_729) >>> 0;

/**
 * Helper threads kept between runs (per calling thread): starting one and loading the solver takes
 * about a second, half of a 2-second plan, so a planning thread pays it once. Unreferenced: an
 * idle helper never keeps the process alive.
 */
const helpers = new Map<number, Worker>();

function helper(index: number): Worker {
  let worker = helpers.get(index);
  if (worker === undefined) {
    const file = fileURLToPath(import.meta.url);
    const script = file.endsWith('.ts') ? fileURLToPath(new URL('../worker-bootstrap.mjs', import.meta.url)) : file;
    const data: HelperData = { kind: WORKER_KIND, entry: import.meta.url };
    const started = new Worker(script, { workerData: data });
    started.unref();
    // A helper that fails is replaced next time; the run it was in leaves it behind (ABANDON_MS).
    const forget = () => {
      if (helpers.get(index) === started) helpers.delete(index);
    };
    started.on('error', forget);
    started.on('exit', forget);
    helpers.set(index, started);
    worker = started;
  }
  return worker;
}

/** Runs `threads` searches (2 or more) and answers the best; thread 0 is this thread. */
export function runPortfolio(problem: Problem, options: SolveOptions, threads: number, parameters: SearchParameters = DEFAULT_PARAMETERS): SolveResult {
  const memory = allocate(problem, threads, options.maxIterations !== undefined);
  const { seed, timeLimitMs, maxIterations } = options;
  for (let t = 1; t < threads; t++) {
    const task: PortfolioTask = { problem, options: { seed, timeLimitMs, maxIterations }, parameters, thread: t, threads, memory };
    helper(t - 1).postMessage(task);
  }
  try {
    return runSearch(problem, options, parameters, new SharedExchange(memory, 0, threads));
  } finally {
    Atomics.store(new Int32Array(memory.control), STOP, 1);
  }
}

function allocate(problem: Problem, threads: number, barrier: boolean): PortfolioMemory {
  // Every node of every route at most once, plus the route count and each route's start, end, length and lock.
  const breaks = problem.vehicles.reduce((n, v) => n + v.breaks.length, 0);
  const slotLength = 1 + 4 * problem.vehicles.length + problem.jobs.length + breaks;
  const objectives = new SharedArrayBuffer(8 * 3 * threads);
  // Nothing published yet is worth nothing: no thread adopts an empty slot.
  new Float64Array(objectives).fill(Infinity);
  return {
    control: new SharedArrayBuffer(4 * (1 + 3 * threads)),
    objectives,
    routes: new SharedArrayBuffer(4 * 3 * threads * slotLength),
    slotLength,
    barrier,
  };
}

const FINAL = 2;

class SharedExchange implements EliteExchange {
  /** Meetings so far: every thread meets at the same iteration counts, so the same count means the same meeting. */
  private meetings = 0;
  private readonly control: Int32Array;
  private readonly objectives: Float64Array;
  private readonly routes: Int32Array;
  private readonly length: number;

  constructor(
    private readonly memory: PortfolioMemory,
    private readonly thread: number,
    private readonly threads: number,
  ) {
    this.control = new Int32Array(memory.control);
    this.objectives = new Float64Array(memory.objectives);
    this.routes = new Int32Array(memory.routes);
    this.length = memory.slotLength;
  }

  stopRequested(): boolean {
    return Atomics.load(this.control, STOP) === 1;
  }

  share(best: SavedRoutes, bestObjective: number): SharedBest | undefined {
    return this.memory.barrier ? this.meet(++this.meetings, best, bestObjective) : this.glance(best, bestObjective);
  }

  finish(best: SavedRoutes, bestObjective: number): SharedBest | undefined {
    if (!this.memory.barrier) {
      // Under a time limit thread 0 waits for no one: the others' last published best is theirs.
      if (this.thread !== 0) return undefined;
      Atomics.store(this.control, STOP, 1);
      return this.glance(best, bestObjective);
    }
    this.publish(FINAL, best, bestObjective);
    this.markDone();
    if (this.thread !== 0) return undefined;
    Atomics.store(this.control, STOP, 1);
    let winner: SharedBest | undefined;
    let winning = bestObjective;
    for (let t = 1; t < this.threads; t++) {
      if (!this.waitUntilDone(t)) continue;
      const objective = this.objectives[3 * t + FINAL];
      if (objective < winning - 1e-9) {
        winning = objective;
        winner = { objective, routes: this.slot(t, FINAL).slice() };
      }
    }
    return winner;
  }

  /** A meeting at a fixed iteration count: wait for every thread, take the best (ties: the lower thread). */
  private meet(epoch: number, best: SavedRoutes, bestObjective: number): SharedBest | undefined {
    const parity = epoch % 2;
    this.publish(parity, best, bestObjective);
    Atomics.store(this.control, arrivedAt(this.thread), epoch);
    Atomics.notify(this.control, arrivedAt(this.thread));
    let winner = this.thread;
    let winning = bestObjective;
    for (let t = 0; t < this.threads; t++) {
      if (t === this.thread || !this.waitFor(t, epoch)) continue;
      const objective = this.objectives[3 * t + parity];
      if (objective < winning - 1e-9 || (t < winner && Math.abs(objective - winning) <= 1e-9)) {
        winner = t;
        winning = objective;
      }
    }
    // A thread writes this parity again only two meetings on, after every thread has left this one.
    return winner === this.thread ? undefined : { objective: winning, routes: this.slot(winner, parity).slice() };
  }

  /** No waiting: publish, then take the best another thread published last, if better. */
  private glance(best: SavedRoutes, bestObjective: number): SharedBest | undefined {
    this.publish(0, best, bestObjective);
    let winner: SharedBest | undefined;
    let winning = bestObjective;
    for (let t = 0; t < this.threads; t++) {
      if (t === this.thread) continue;
      const read = this.readConsistent(t);
      if (read && read.objective < winning - 1e-9) {
        winning = read.objective;
        winner = read;
      }
    }
    return winner;
  }

  private publish(slot: number, best: SavedRoutes, bestObjective: number): void {
    const version = versionAt(this.thread);
    Atomics.add(this.control, version, 1);
    this.objectives[3 * this.thread + slot] = bestObjective;
    best.encode(this.slot(this.thread, slot));
    Atomics.add(this.control, version, 1);
  }

  /** Thread t's slot 0 as of one moment (seqlock: retried while t writes it), or undefined when t is busy writing. */
  private readConsistent(t: number): SharedBest | undefined {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = Atomics.load(this.control, versionAt(t));
      if (before % 2 === 1) continue;
      const objective = this.objectives[3 * t];
      const routes = this.slot(t, 0).slice();
      if (Atomics.load(this.control, versionAt(t)) === before) return Number.isFinite(objective) ? { objective, routes } : undefined;
    }
    return undefined;
  }

  private slot(t: number, slot: number): Int32Array {
    const index = 3 * t + slot;
    return this.routes.subarray(index * this.length, (index + 1) * this.length);
  }

  /** This thread will publish nothing more (also when its search failed): no one waits for it. */
  markDone(): void {
    Atomics.compareExchange(this.control, doneAt(this.thread), 0, DONE);
    Atomics.notify(this.control, arrivedAt(this.thread));
  }

  /** Waits until thread t reaches the meeting (true) or is done without reaching it (false). */
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

function runTask(task: PortfolioTask): void {
  const exchange = new SharedExchange(task.memory, task.thread, task.threads);
  const seed = threadSeed(task.options.seed ?? DEFAULT_SEED, task.thread);
  try {
    // Where prizes alone decide, the helpers search cooler than thread 0, from the best it hands
    // them (search.ts says why).
    const parameters = {
      ...task.parameters,
      prizeOnlyStartTemperature: task.parameters.prizeOnlyHelperStartTemperature,
      prizeOnlyKeepsCurrent: task.parameters.prizeOnlyHelperKeepsCurrent,
    };
    runSearch(task.problem, { ...task.options, seed }, parameters, exchange);
  } finally {
    exchange.markDone();
  }
}

if (!isMainThread && (workerData as HelperData | undefined)?.kind === WORKER_KIND) {
  parentPort!.on('message', runTask);
}
