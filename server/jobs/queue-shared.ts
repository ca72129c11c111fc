/**
 * What the API instances and the queue workers (`npm run worker`) agree on about BullMQ and Redis:
 * the queue's name, a job's data and options, the Redis keys beside BullMQ's own, and how a
 * failure is written into the job (a tagged WorkerFailure as JSON: no personal data, no stack).
 */
import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { SaveContext } from './finish.js';
import { fromFailure } from './failure.js';
import type { PlanningJobKind, PlanningOrder, WorkerFailure } from './protocol.js';

export const QUEUE_NAME = 'rounds-planning';

/** A job's data: what the planning thread needs, who asked, and what its save needs. Job names are the kind only. */
export interface QueuedJobData extends SaveContext {
  planning: PlanningOrder;
  /** The team whose plan it is (settings.teams), for the per-team limit; absent: the owner stands for the team. */
  team?: string;
  /** The search time it asked for (searchBudgetMs), to tell a refused caller when to come back. */
  searchMs: number;
}

const HOUR_S = 3600;

/**
 * Two attempts: a job whose save failed for a passing reason (the database busy or restarting) runs
 * once more; the planning errors that would fail again are final (UnrecoverableError). A job whose
 * worker died is not a failed attempt: BullMQ's stalled-job check puts it back (maxStalledCount).
 * Finished jobs are kept an hour (done) or a day (failed), a bounded number of each, for late
 * status polls: their data holds the order (never the caseload; a finished re-plan forgets its plan
 * and position: queue-worker.ts), their result the saved versions' ids.
 */
export const JOB_OPTIONS: JobsOptions = {
  attempts: 2,
  backoff: { type: 'fixed', delay: 2000 },
  removeOnComplete: { age: HOUR_S, count: 500 },
  removeOnFail: { age: 24 * HOUR_S, count: 1000 },
};

/** How long the keys beside a job (its end flag, a cancelled job's record) outlive it. */
export const JOB_KEY_TTL_S = 24 * HOUR_S;

/**
 * One key per job decides, atomically, between a cancel and the save: the API sets 'cancel', the
 * worker sets 'settle' before it saves, each only if the key is unset (SET NX). A cancel that comes
 * second is too late; a save that comes second does not happen.
 */
export const endKey = (jobId: string) => `rounds:job-end:${jobId}`;
/** A job cancelled while it waited is taken off the queue: this record answers for it afterwards. */
export const cancelledKey = (jobId: string) => `rounds:job-cancelled:${jobId}`;
/** The jobs of one owner running now, as a sorted set of job ids scored by lease expiry (owner-slots.ts). The owner's name is hashed: keys show in monitoring. */
export const ownerSlotsKey = (owner: string) => `rounds:owner-running:${createHash('sha256').update(owner).digest('hex').slice(0, 32)}`;
/** Disagreements between the search and its checker, counted by every worker (GET /api/health). */
export const DISAGREEMENTS_KEY = 'rounds:checker-disagreements';

export interface CancelledRecord {
  kind: PlanningJobKind;
  owner: string;
  team?: string;
  createdAt: string;
}

/** A job's failure as BullMQ keeps it (failedReason): the tagged failure, its stack left to the worker's log. */
export function encodeFailure(failure: WorkerFailure): string {
  if (failure.kind === 'internal') return JSON.stringify({ kind: failure.kind, name: failure.name, message: failure.message });
  return JSON.stringify(failure);
}

/** The error a failed job's reason stands for; a reason BullMQ wrote itself (a job stalled too often) is an internal error. */
export function decodeFailure(reason: string | undefined): Error {
  try {
    const failure = JSON.parse(reason ?? '') as WorkerFailure;
    if (failure && typeof failure === 'object' && typeof failure.kind === 'string') return fromFailure(failure);
  } catch {
    // not one of ours
  }
  const error = new Error(reason ?? 'the planning job failed');
  error.name = 'QueueError';
  return error;
}

/**
 * How a process connects to ROUNDS_QUEUE. A worker waits for Redis to come back (BullMQ requires
 * `maxRetriesPerRequest: null` of a worker's connections), so a restart of Redis delays its jobs and
 * loses none. An API instance fails at once while Redis is away (no offline queue): a request is told
 * 503, and a job it was refused is not added later behind its back when Redis returns.
 */
export function connectionOptions(url: string, role: 'worker' | 'api') {
  return role === 'worker' ? { url, maxRetriesPerRequest: null } : { url, maxRetriesPerRequest: 1, enableOfflineQueue: false };
}

export function redisClient(url: string, role: 'worker' | 'api'): Redis {
  const { url: _, ...options } = connectionOptions(url, role);
  return new Redis(url, { ...options, connectionName: `rounds-${role}` });
}
