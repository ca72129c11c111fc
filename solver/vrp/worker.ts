/**
 * Runs solve() in a worker thread so that a long search never blocks the caller's event loop
 * (the server keeps answering while a plan is optimised). Progress streams back as messages; an
 * AbortSignal raises a shared flag that the search polls, so it stops within milliseconds and
 * still returns its best solution. A worker that does not answer promptly after abort is
 * terminated.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Problem } from './model';
import { solve, type SolveOptions, type SolveProgress, type SolveResult } from './solve';

const WORKER_KIND = 'rounds-vrp-solve';
/** After abort, how long the worker gets to hand back its best solution before it is killed. */
const ABORT_GRACE_MS = 2000;

interface WorkerInput {
  kind: typeof WORKER_KIND;
  problem: Problem;
  options: Omit<SolveOptions, 'signal' | 'onProgress'>;
  abortFlag: SharedArrayBuffer;
  /** This module's URL, imported by the bootstrap when running from TypeScript source. */
  entry: string;
}

type WorkerMessage = { type: 'progress'; progress: SolveProgress } | { type: 'result'; result: SolveResult } | { type: 'error'; message: string };

export function solveInWorker(problem: Problem, options: SolveOptions = {}): Promise<SolveResult> {
  const { signal, onProgress, ...plain } = options;
  const abortFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(abortFlag);
  const file = fileURLToPath(import.meta.url);
  const fromSource = file.endsWith('.ts');
  const input: WorkerInput = { kind: WORKER_KIND, problem, options: plain, abortFlag, entry: import.meta.url };
  const worker = new Worker(fromSource ? fileURLToPath(new URL('./worker-bootstrap.mjs', import.meta.url)) : file, { workerData: input });
  return new Promise<SolveResult>((resolve, reject) => {
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      action();
      void worker.terminate();
    };
    const onAbort = (): void => {
      Atomics.store(flag, 0, 1);
      killTimer = setTimeout(() => finish(() => reject(new Error('the solver worker did not stop after abort'))), ABORT_GRACE_MS);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'result') finish(() => resolve(message.result));
      else finish(() => reject(new Error(`solver worker failed: ${message.message}`)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`solver worker exited with code ${code} before answering`))));
  });
}

function runAsWorker(input: WorkerInput): void {
  const flag = new Int32Array(input.abortFlag);
  // The search only reads `aborted`; a message could not reach it while it computes.
  const signal = {
    get aborted() {
      return Atomics.load(flag, 0) === 1;
    },
  } as AbortSignal;
  const post = (message: WorkerMessage): void => parentPort!.postMessage(message);
  try {
    const result = solve(input.problem, {
      ...input.options,
      signal,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

if (!isMainThread && (workerData as WorkerInput | undefined)?.kind === WORKER_KIND) {
  runAsWorker(workerData as WorkerInput);
}
