/**
 * What a planning job does with the solver's answer: saves the plan version (day, re-plan, each
 * day of a week) and gives the job's result. One module for both ways of running jobs: the API's
 * threads run it on the server thread, a queue worker (`npm run worker`) runs it itself, so that in
 * both a job is done exactly when its plan is stored. Each save carries the job's id: a job run
 * again after its worker died answers the version its first run saved rather than saving another.
 */
import type { WeekPlan } from '../../solver/rules/types.js';
import type { PlanSeen, Store, StoredPlan } from '../store/store.js';
import type { JobResult, PlanningJobKind, SweepResult, WorkerResult } from './protocol.js';

/** A stored plan as the API answers it: the plan with its id, version and author. */
export function planResponse(stored: StoredPlan) {
  return { id: stored.id, version: stored.version, createdBy: stored.createdBy, createdAt: stored.createdAt, ...stored.plan };
}

/** Besides the answer, what a save needs: who asked (the plan's author), and for a re-plan the plan and version it re-plans. */
export interface SaveContext {
  owner: string;
  replanOf?: { planId: string; baseVersion: number };
  /**
   * A day or week job: each date's current plan when the request was made (null: none). A plan
   * made or edited meanwhile is not replaced by the job's (store.createPlan's `seen`).
   */
  seen?: Record<string, PlanSeen | null>;
}

export interface SavedVersion {
  planId: string;
  version: number;
}

/**
 * A week as its job gives it: the day plans it saved by id and version, not the plans, which the
 * route reads back from the store. A queue keeps a job's result in Redis for an hour, out of reach
 * of an erasure: the store keeps the plans.
 */
export type SavedWeek = Omit<WeekPlan, 'days'> & { days: Array<{ id: string; version: number }> };

/** What the request saw on `date`: undefined when it recorded nothing (a job queued before this was kept). */
function seenOn(seen: SaveContext['seen'], date: string): PlanSeen | null | undefined {
  return seen === undefined ? undefined : (seen[date] ?? null);
}

/** What each kind of job gives once finished. */
export interface FinishResults {
  plan: SavedVersion;
  replan: SavedVersion;
  week: SavedWeek;
  sweep: SweepResult;
}
export type FinishResult<K extends PlanningJobKind> = FinishResults[K];

type Finish<K extends PlanningJobKind> = (store: Store, jobId: string, context: SaveContext, value: JobResult<K>) => Promise<FinishResult<K>>;

const FINISH: { [K in PlanningJobKind]: Finish<K> } = {
  plan: async (store, jobId, { owner, seen }, value) => {
    const stored = await store.createPlan(value, owner, 'plan', jobId, seenOn(seen, value.date));
    return { planId: stored.id, version: stored.version };
  },
  replan: async (store, jobId, { owner, replanOf }, value) => {
    if (!replanOf) throw new Error('a re-plan job names the plan it re-plans');
    const saved = await store.savePlanVersion(replanOf.planId, replanOf.baseVersion, value, owner, 'replan', jobId);
    return { planId: saved.id, version: saved.version };
  },
  week: async (store, jobId, { owner, seen }, value) => {
    // Every day or none (one changed meanwhile refuses the week), each under its own key: a week
    // retried after its worker died answers what the first attempt saved.
    const stored = await store.createPlans(
      value.days.map((day) => ({ plan: day, jobId: `${jobId}:${day.date}`, seen: seenOn(seen, day.date) })),
      owner,
      'week-day',
    );
    return { ...value, days: stored.map((s) => ({ id: s.id, version: s.version })) };
  },
  // A sweep saves nothing: its points are the result.
  sweep: async (_store, _jobId, _context, value) => value,
};

/** Saves a job's answer of kind K and gives its result. */
export function finishJob<K extends PlanningJobKind>(
  store: Store,
  jobId: string,
  kind: K,
  context: SaveContext,
  value: JobResult<K>,
): Promise<FinishResult<K>> {
  return (FINISH[kind] as Finish<K>)(store, jobId, context, value);
}

/** The same for an answer whose kind is known at run time only (a queue worker's). */
export function finishAnswer(store: Store, jobId: string, context: SaveContext, answer: WorkerResult): Promise<FinishResults[PlanningJobKind]> {
  switch (answer.kind) {
    case 'plan':
      return finishJob(store, jobId, 'plan', context, answer.value);
    case 'replan':
      return finishJob(store, jobId, 'replan', context, answer.value);
    case 'week':
      return finishJob(store, jobId, 'week', context, answer.value);
    case 'sweep':
      return finishJob(store, jobId, 'sweep', context, answer.value);
    case 'roads':
      throw new Error('a road build is not a planning job');
  }
}
