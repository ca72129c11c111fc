/**
 * A planning thread: builds the rules' context from plain data, runs planning calls one at a time
 * and posts progress and results back. It stays up between jobs so that module loading, the
 * bank-holiday file and the road graph are paid for once. A cancelled job's thread is terminated
 * (the search is synchronous, so it could not hear a message anyway) and a fresh one replaces it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRoutingBackend } from '../../solver/roads/index.js';
import type { RoutingBackend } from '../../solver/roads/backend.js';
import * as rules from '../../solver/rules/index.js';
import type { ToServer, ToWorker, WorkerInput, WorkerSetup } from './protocol.js';
import { planningContext } from './context.js';

const port = parentPort!;
const setup = (workerData as { setup: WorkerSetup }).setup;
const post = (m: ToServer) => port.postMessage(m);
let routing: Promise<RoutingBackend> | undefined;

async function run(jobId: string, job: WorkerInput): Promise<unknown> {
  routing ??= createRoutingBackend(setup.routingConfig);
  const ctx = planningContext(job.data, await routing);
  const limit = typeof job.input.timeLimitMs === 'number' ? job.input.timeLimitMs : rules.DEFAULT_TIME_LIMIT_MS;
  post({ type: 'progress', jobId, progress: { phase: 'model', fraction: 0 } });
  // The search reports each improvement; the share of the time limit spent drives a progress bar.
  const onProgress = (p: { elapsedMs: number; iteration: number; bestObjective: number | null }) =>
    post({ type: 'progress', jobId, progress: { phase: 'search', fraction: Math.min(1, p.elapsedMs / limit), ...p } });
  const options = { ...job.input, onProgress };
  switch (job.kind) {
    case 'plan':
      return rules.planDay(ctx, options as unknown as Parameters<typeof rules.planDay>[1]);
    case 'replan':
      return rules.replanRest(ctx, options as unknown as Parameters<typeof rules.replanRest>[1]);
    case 'week':
      return rules.planWeek(ctx, options as unknown as Parameters<typeof rules.planWeek>[1]);
    case 'sweep': {
      // One day plan per weight, nothing saved: what each weight would give in miles and value.
      const { weights, ...day } = job.input as { weights: number[] } & Record<string, unknown>;
      const points: Array<{ weight: number; visits: number; miles: number; value: number }> = [];
      for (const [i, weight] of weights.entries()) {
        const share = (p: { elapsedMs: number }) => (i + Math.min(1, p.elapsedMs / limit)) / weights.length;
        const plan = await rules.planDay(ctx, {
          ...day,
          weight,
          onProgress: (p: { elapsedMs: number; iteration: number; bestObjective: number | null }) =>
            post({ type: 'progress', jobId, progress: { phase: 'search', fraction: share(p), weight, ...p } }),
        } as unknown as Parameters<typeof rules.planDay>[1]);
        points.push({ weight, ...plan.totals });
      }
      return { date: day.date, points };
    }
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type !== 'run') return;
  run(m.jobId, m.job).then(
    (value) => post({ type: 'result', jobId: m.jobId, value }),
    (err: unknown) => {
      const e = err as Error & { field?: string; code?: string; point?: number };
      post({ type: 'error', jobId: m.jobId, name: e?.name ?? 'Error', message: e?.message ?? String(err), field: e?.field, code: e?.code, point: e?.point });
    },
  );
});
post({ type: 'ready' });
