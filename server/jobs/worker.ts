/**
 * A planning worker: builds the rules' context from plain data, runs one planning call and posts
 * progress and the result back. Runs in a worker thread so that a long search never blocks the
 * event loop that serves requests; cancellation aborts the call's signal.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRoutingBackend } from '../../solver/roads/index.js';
import type { ToServer, ToWorker, WorkerInput } from './protocol.js';
import { planningContext } from './context.js';

const port = parentPort!;
const job = (workerData as { job: WorkerInput }).job;
const controller = new AbortController();
port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') controller.abort();
});

const post = (m: ToServer) => port.postMessage(m);

async function run(): Promise<unknown> {
  const rules = await import('../../solver/rules/index.js');
  const routing = await createRoutingBackend(job.routingConfig);
  const ctx = planningContext(job.data, routing);
  const limit = typeof job.input.timeLimitMs === 'number' ? job.input.timeLimitMs : rules.DEFAULT_TIME_LIMIT_MS;
  post({ type: 'progress', progress: { phase: 'model', fraction: 0 } });
  // The search reports each improvement; the fraction of the time limit spent drives a progress bar.
  const onProgress = (p: { elapsedMs: number; iteration: number; bestObjective: number | null }) =>
    post({ type: 'progress', progress: { phase: 'search', fraction: Math.min(1, p.elapsedMs / limit), ...p } });
  const common = { ...job.input, signal: controller.signal, onProgress };
  switch (job.kind) {
    case 'plan':
      return rules.planDay(ctx, common as unknown as Parameters<typeof rules.planDay>[1]);
    case 'replan':
      return rules.replanRest(ctx, common as unknown as Parameters<typeof rules.replanRest>[1]);
    case 'week':
      return rules.planWeek(ctx, common as unknown as Parameters<typeof rules.planWeek>[1]);
  }
}

run().then(
  (value) => post({ type: 'result', value }),
  (err: unknown) => {
    const e = err as Error & { field?: string; code?: string; point?: number };
    post({ type: 'error', name: e?.name ?? 'Error', message: e?.message ?? String(err), field: e?.field, code: e?.code, point: e?.point });
  },
);
