/**
 * The planning queue the routes use, whichever way jobs run: in the API's own worker threads
 * (thread-queue.ts, the default) or on BullMQ over Redis with `npm run worker` processes
 * (redis-queue.ts, when ROUNDS_QUEUE is set). Everything here is asynchronous because the queue's
 * state may live in Redis, shared by every API instance. Road builds stay in the API's threads
 * in both; the queue answers for them too, so that /api/jobs is one list.
 */
import type { FinishResult, SaveContext } from './finish.js';
import type { JobInput, JobKind, PlanningJobKind, Progress } from './protocol.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A job as the API shows it, with its owner (who may follow or cancel it besides a team leader). */
export interface JobRecord {
  id: string;
  kind: JobKind;
  status: JobStatus;
  owner: string;
  /** The team whose day it plans (PlanningRequest.team): a team leader of that team follows it too. */
  team?: string;
  createdAt: string;
  progress?: Progress;
  /** What the job produced once done (e.g. { planId, version }). */
  result?: unknown;
  /** Why it failed or was cancelled: the error the route's problem is made from. */
  error?: Error;
  /** Its answer is being saved: too late to cancel. */
  settling?: boolean;
}

export interface PlanningRequest<K extends PlanningJobKind> extends SaveContext {
  kind: K;
  input: JobInput<K>;
  /** The team whose day it plans (solver/rules/patches.ts planTeam): the per-team limit counts it. */
  team?: string;
}

/** A job just started: its id and status for a 202, and its end for a route that waits. */
export interface StartedJob<R> {
  id: string;
  status: JobStatus;
  /** The job's result once its plan is stored; rejects with the job's error (JobCancelledError when cancelled). */
  done: Promise<R>;
}

export interface JobFollower {
  progress(progress: Progress): void;
  end(record: JobRecord): void;
}

/** What a cancel found: the job stopped, too late (its answer is being saved), or already ended. */
export type CancelOutcome = 'cancelled' | 'settling' | 'finished';

export interface PlanningQueue {
  /** Queues a planning job; a full queue is a QueueFullError (429 with Retry-After). */
  start<K extends PlanningJobKind>(request: PlanningRequest<K>): Promise<StartedJob<FinishResult<K>>>;
  /** A job still known (waiting, running, or finished a while ago); undefined otherwise. */
  get(id: string): Promise<JobRecord | undefined>;
  /** Every job still known, newest first. */
  list(): Promise<JobRecord[]>;
  /** Stops a waiting or running job; undefined when no such job is known. */
  cancel(id: string): Promise<CancelOutcome | undefined>;
  /** Progress and end of a job as they happen, whichever instance or worker runs it; returns the unsubscribe. */
  follow(id: string, follower: JobFollower): () => void;
  /** Disagreements between the search and its checker reported by the planning runs (a solver bug each). */
  checkerDisagreements(): Promise<number>;
  close(): Promise<void>;
}

export const isFinished = (status: JobStatus) => status === 'done' || status === 'failed' || status === 'cancelled';
