import { z } from 'zod';
import { IsoDate } from '../schemas.js';

/** Request bodies of the planning routes; each drives validation, types and OpenAPI. */

const Weight = z.number().min(0).max(1000).describe('pounds of expected recovery per mile driven; default from settings');
export const OfficerIds = z.array(z.string().min(1).max(64)).min(1).max(100);
export const AsyncQuery = z.object({ async: z.enum(['0', '1', 'true', 'false']).optional().describe('1: answer 202 {jobId} at once and stream progress') });
export const Accepted = z.object({ jobId: z.string(), status: z.string(), events: z.string() });
export const PlanParams = z.object({ id: z.string().min(1).max(64) });

export const PlanBody = z.object({
  date: IsoDate,
  officerIds: OfficerIds.optional(),
  weight: Weight.optional(),
  timeLimitMs: z.number().int().min(100).max(120_000).optional(),
  /** With a seed, makes the search reproducible whatever the machine's load. */
  maxIterations: z.number().int().min(1).max(10_000_000).optional(),
  seed: z.number().int().optional(),
  replace: z.boolean().optional().describe("true: replace the day's current plan (without it, planning a day that has a plan is a 409 naming it)"),
});

export const SweepBody = PlanBody.omit({ weight: true, replace: true }).extend({
  weights: z.array(Weight).min(1).max(12).describe('pounds per mile to compare, one plan each (none saved)'),
});

/** A route has at most as many stops as settings.maxVisitsPerRoute may allow; a stop is one debtor's cases at one address. */
export const MAX_STOPS_PER_ROUTE = 200;
export const MAX_CASES_PER_STOP = 50;

export const RoutesBody = z.object({
  routes: z
    .array(
      z.object({
        officerIds: OfficerIds,
        caseRefs: z
          .array(z.array(z.string().min(1).max(64)).min(1).max(MAX_CASES_PER_STOP))
          .max(MAX_STOPS_PER_ROUTE)
          .describe('stops in order; each stop is the case refs visited together'),
      }),
    )
    .min(1)
    .max(100)
    .describe('at most one route per officer'),
  weight: Weight.optional(),
});

export const SaveBody = RoutesBody.extend({ baseVersion: z.number().int().min(1).describe('the version this edit started from') });

const Time = z.iso.datetime({ offset: true, local: true });
export const ReplanBody = z.object({
  officerIds: OfficerIds,
  from: z.object({ time: Time, lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  done: z
    .array(z.string().min(1).max(64))
    .max(MAX_STOPS_PER_ROUTE * MAX_CASES_PER_STOP)
    .default([]),
  locked: z
    .union([
      z.array(z.array(z.string().min(1).max(64)).min(1).max(MAX_CASES_PER_STOP)).max(MAX_STOPS_PER_ROUTE),
      z.array(z.string().min(1).max(64)).max(MAX_STOPS_PER_ROUTE),
    ])
    .optional()
    .describe('stops fixed to come next, in order: stops as case-ref lists, or bare case refs (grouped as the plan groups them)'),
  baseVersion: z.number().int().min(1).optional(),
  timeLimitMs: z.number().int().min(100).max(120_000).optional(),
  maxIterations: z.number().int().min(1).max(10_000_000).optional(),
  seed: z.number().int().optional(),
});

export const WeekBody = z.object({
  replace: z.boolean().optional().describe('true: replace the current plans of days in the horizon'),
  from: IsoDate,
  days: z.number().int().min(1).max(31),
  officerIds: OfficerIds.optional(),
  weight: Weight.optional(),
  timeLimitMs: z.number().int().min(100).max(120_000).optional().describe('search time per day'),
  maxIterations: z.number().int().min(1).max(10_000_000).optional(),
  seed: z.number().int().optional(),
});
