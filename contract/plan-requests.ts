import * as z from 'zod/mini';
import { CaseRef, IdParams, IsoDate } from './common.js';

/** Request bodies of the planning routes; each drives validation, types and OpenAPI. */

const Weight = z.number().check(z.gte(0), z.lte(1000), z.describe('pounds of expected recovery per mile driven; default from settings'));
const TimeLimitMs = z.number().check(z.int(), z.gte(100), z.lte(120_000));
const MaxIterations = z.number().check(z.int(), z.gte(1), z.lte(10_000_000));
export const OfficerIds = z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(100));
export const AsyncQuery = z.object({
  async: z.optional(z.enum(['0', '1', 'true', 'false'])).check(z.describe('1: answer 202 {jobId} at once and stream progress')),
});
export const Accepted = z.object({ jobId: z.string(), status: z.string(), events: z.string() });
export const PlanParams = IdParams;
/** A saved version to read (run sheet, geometry, a plan): the latest without it. */
export const VersionQuery = z.object({ version: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1_000_000))) });

export const PlanBody = z.object({
  date: IsoDate,
  officerIds: z.optional(OfficerIds),
  weight: z.optional(Weight),
  timeLimitMs: z.optional(TimeLimitMs),
  /** With a seed, makes the search reproducible whatever the machine's load. */
  maxIterations: z.optional(MaxIterations),
  seed: z.optional(z.number().check(z.int())),
  replace: z.optional(z.boolean()).check(z.describe("true: replace the day's current plan (without it, planning a day that has a plan is a 409 naming it)")),
});

export const SweepBody = z.extend(z.omit(PlanBody, { weight: true, replace: true }), {
  weights: z.array(Weight).check(z.minLength(1), z.maxLength(12), z.describe('pounds per mile to compare, one plan each (none saved)')),
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
          .array(z.array(CaseRef).check(z.minLength(1), z.maxLength(MAX_CASES_PER_STOP)))
          .check(z.maxLength(MAX_STOPS_PER_ROUTE), z.describe('stops in order; each stop is the case refs visited together')),
      }),
    )
    .check(z.minLength(1), z.maxLength(100), z.describe('at most one route per officer')),
  weight: z.optional(Weight),
});

export const SaveBody = z.extend(RoutesBody, {
  baseVersion: z.number().check(z.int(), z.gte(1), z.describe('the version this edit started from')),
});

const Time = z.iso.datetime({ offset: true, local: true });
export const ReplanBody = z.object({
  officerIds: OfficerIds,
  from: z.object({ time: Time, lat: z.number().check(z.gte(-90), z.lte(90)), lon: z.number().check(z.gte(-180), z.lte(180)) }),
  done: z._default(z.array(CaseRef).check(z.maxLength(MAX_STOPS_PER_ROUTE * MAX_CASES_PER_STOP)), []),
  locked: z
    .optional(
      z.union([
        z.array(z.array(CaseRef).check(z.minLength(1), z.maxLength(MAX_CASES_PER_STOP))).check(z.maxLength(MAX_STOPS_PER_ROUTE)),
        z.array(CaseRef).check(z.maxLength(MAX_STOPS_PER_ROUTE)),
      ]),
    )
    .check(z.describe('stops fixed to come next, in order: stops as case-ref lists, or bare case refs (grouped as the plan groups them)')),
  baseVersion: z.optional(z.number().check(z.int(), z.gte(1))),
  timeLimitMs: z.optional(TimeLimitMs).check(z.describe('search time; default 1000: a re-plan starts from the route as planned')),
  maxIterations: z.optional(MaxIterations),
  seed: z.optional(z.number().check(z.int())),
});

export const WeekBody = z.object({
  replace: z.optional(z.boolean()).check(z.describe('true: replace the current plans of days in the horizon')),
  from: IsoDate,
  days: z.number().check(z.int(), z.gte(1), z.lte(31)),
  officerIds: z.optional(OfficerIds),
  weight: z.optional(Weight),
  timeLimitMs: z.optional(TimeLimitMs).check(z.describe('search time per day')),
  maxIterations: z.optional(MaxIterations),
  seed: z.optional(z.number().check(z.int())),
});

/** GET /api/plans: which saved plans to list. */
export const PlanListQuery = z.object({
  date: z.optional(IsoDate),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 50),
});

export type PlanRequest = z.input<typeof PlanBody>;
export type RoutesRequest = z.input<typeof RoutesBody>;
export type ReplanRequest = z.input<typeof ReplanBody>;

/** GET /api/plans/current?date=: the day's current plan. */
export const CurrentPlanQuery = z.object({
  date: IsoDate,
  team: z.optional(
    z.string().check(z.maxLength(64), z.describe("a team's current plan (or the whole area's plan, if newer); an officer always gets their own team's")),
  ),
});

/** GET /api/plans/:id/routes/:index/geometry: the index counts the routes the caller sees. */
export const RouteGeometryParams = z.extend(PlanParams, { index: z.coerce.number().check(z.int(), z.gte(0)) });
