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
import type { SolveProgress } from '../../solver/vrp/solve.js';
import { planningContext } from './context.js';
import type { Progress, SweepInput, SweepResult, WorkerJob, WorkerResult, WorkerSetup } from './protocol.js';
import { serveJobs } from './serve.js';

const setup = (workerData as { setup: WorkerSetup }).setup;
let routing: Promise<RoutingBackend> | undefined;

async function plan(job: WorkerJob, report: (progress: Progress) => void): Promise<WorkerResult> {
  // Road builds have a thread of their own (road-worker.ts).
  if (job.kind === 'roads') throw new Error('a planning thread was given a road build');
  routing ??= createRoutingBackend(setup.routingConfig);
  const ctx = planningContext(job.data, await routing);
  const limit = job.input.timeLimitMs ?? rules.defaultTimeLimitMs(job.kind);
  report({ phase: 'model', fraction: 0 });
  // The search reports each improvement; the share of the time limit spent drives a progress bar.
  const onProgress = (p: SolveProgress) => report({ phase: 'search', fraction: Math.min(1, p.elapsedMs / limit), ...p });
  const threads = setup.searchThreads;
  switch (job.kind) {
    case 'plan':
      return { kind: 'plan', value: await rules.planDay(ctx, { ...job.input, onProgress, threads }) };
    case 'replan':
      return { kind: 'replan', value: await rules.replanRest(ctx, { ...job.input, onProgress, threads }) };
    case 'week':
      return { kind: 'week', value: await rules.planWeek(ctx, { ...job.input, onProgress, threads }) };
    case 'sweep':
      return { kind: 'sweep', value: await sweep(ctx, { ...job.input, threads }, limit, report) };
  }
}

/** One day plan per weight, nothing saved: what each weight would give in miles and value. */
async function sweep(
  ctx: rules.PlanningContext,
  input: SweepInput & { threads?: number },
  limit: number,
  report: (progress: Progress) => void,
): Promise<SweepResult> {
  const { weights, ...day } = input;
  const points: SweepResult['points'] = [];
  for (const [i, weight] of weights.entries()) {
    const share = (p: SolveProgress) => (i + Math.min(1, p.elapsedMs / limit)) / weights.length;
    const onProgress = (p: SolveProgress) => report({ phase: 'search', fraction: share(p), weight, ...p });
    const plan = await rules.planDay(ctx, { ...day, weight, onProgress });
    points.push({ weight, ...plan.totals });
  }
  return { date: day.date, points };
}

serveJobs(parentPort!, plan);
