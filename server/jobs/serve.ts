/**
 * The thread's side of the protocol, apart from what a job computes: takes one job at a time off
 * the port, posts its progress, then its result or its failure, and forwards every disagreement
 * between the search and its checker that the job raised. worker.ts gives it the planning calls.
 */
import type { MessagePort } from 'node:worker_threads';
import { CheckerDisagreementError } from '../../solver/vrp/checker-disagreement.js';
import { toFailure } from './failure.js';
import type { Progress, ToServer, ToWorker, WorkerJob, WorkerResult } from './protocol.js';

export type RunJob = (job: WorkerJob, report: (progress: Progress) => void) => Promise<WorkerResult>;

/** Lets the warnings raised during the job (emitted on the next tick) reach the server before its end. */
const pendingWarnings = () => new Promise<void>((resolve) => setImmediate(resolve));

export function serveJobs(port: MessagePort, run: RunJob): void {
  const post = (m: ToServer) => port.postMessage(m);
  /** The job being run: a thread runs one at a time, so a warning belongs to it. */
  let current: string | undefined;

  // The rules raise a disagreement as a process warning (solver/rules/plan-day.ts); this thread's
  // warnings are its own (a worker has its own process object).
  process.on('warning', (warning) => {
    if (warning instanceof CheckerDisagreementError && current !== undefined)
      post({ type: 'checker-disagreement', jobId: current, disagreement: warning.disagreement });
  });

  port.on('message', (m: ToWorker) => {
    if (m.type !== 'run') return;
    current = m.jobId;
    const report = (progress: Progress) => post({ type: 'progress', jobId: m.jobId, progress });
    void run(m.job, report).then(
      async (result) => {
        await pendingWarnings();
        post({ type: 'result', jobId: m.jobId, result });
      },
      async (err: unknown) => {
        await pendingWarnings();
        post({ type: 'error', jobId: m.jobId, failure: toFailure(err) });
      },
    );
  });
  post({ type: 'ready' });
}
