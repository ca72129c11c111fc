import * as z from 'zod/mini';
import { ProblemSchema } from './problem.js';

/** Long planning runs: a job's state, and what a finished job's result is by kind. */

export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  progress: z.optional(z.record(z.string(), z.unknown())),
  result: z.optional(z.unknown()),
  error: z.optional(z.object({ name: z.string(), message: z.string() })),
  createdAt: z.string(),
});

export const JobListItem = z.object({ id: z.string(), kind: z.string(), status: z.string(), owner: z.string(), createdAt: z.string() });

/** 202 Accepted: the job's id (and where its status and events are). */
export const JobAccepted = z.object({ jobId: z.string() });

/** A finished day or re-plan job names the plan version it saved. */
export const PlanSaved = z.object({ planId: z.string(), version: z.number() });

/** A finished week job names the day plans it saved, in date order. */
export const WeekSaved = z.object({ planIds: z.array(z.string()) });

/** A finished weight comparison: what each weight would give (nothing saved). */
export const SweepResult = z.object({
  date: z.string(),
  points: z.array(z.object({ weight: z.number(), visits: z.number(), miles: z.number(), value: z.number() })),
});

/**
 * The server-sent events of GET /api/jobs/:id/events. 'progress' while the job runs: its phase
 * (the model, the search, a road build's phases), the share done, and during the search the
 * search's own figures.
 */
export const JobProgressEvent = z.object({
  phase: z.string(),
  fraction: z.number().check(z.gte(0), z.lte(1)),
  weight: z.optional(z.number()),
  elapsedMs: z.optional(z.number()),
  iteration: z.optional(z.number()),
  bestObjective: z.optional(z.nullable(z.number())),
});

/** 'status' first, and at the end exactly one of 'done', 'cancelled' (the job) or 'failed' (the job and why, as problem+json). */
export const JobStatusEvent = z.extend(JobSchema, { problem: z.optional(ProblemSchema) });

/** Every event name the stream sends, with its payload. */
export const JOB_EVENTS = {
  status: JobStatusEvent,
  progress: JobProgressEvent,
  done: JobStatusEvent,
  failed: JobStatusEvent,
  cancelled: JobStatusEvent,
} as const;
export type JobEventName = keyof typeof JOB_EVENTS;
