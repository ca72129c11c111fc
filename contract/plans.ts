import * as z from 'zod/mini';
import { Totals } from './common.js';

/**
 * The day plan as the API returns it. Mirrors DayPlan in solver/rules/types.ts: test/contract/types.test-d.ts
 * fails the type check when a field is added to one and not the other. OpenAPI documents it from here.
 */

const Violation = z.object({ code: z.string(), message: z.string() });
const LatLon = { lat: z.number(), lon: z.number() };

const Stop = z.object({
  caseRefs: z.array(z.string()),
  ...LatLon,
  arrival: z.string().check(z.describe('ISO 8601 local time with offset (Europe/London)')),
  departure: z.string(),
  waitMinutes: z.number(),
  window: z.object({
    start: z.string(),
    end: z.string(),
    band: z.string(),
    label: z.optional(z.string()).check(z.describe("the band's label, e.g. 'Saturday morning'")),
  }),
  value: z.number().check(z.describe('expected recovery, pounds')),
  balance: z.number(),
  flags: z.object({ warning: z.boolean(), business: z.boolean(), repeat: z.boolean(), vulnerable: z.boolean() }),
  enforcementFee: z
    .optional(z.number())
    .check(z.describe("this stop's share of the debtor's one enforcement fee of the day, pounds (Fees reg 11; 0 for a vulnerable debtor, reg 12)")),
  lastLawfulDay: z
    .optional(z.string())
    .check(z.describe("the earliest last lawful day (reg 9) of the stop's cases, when it is soon (settings.lastLawfulDaySoonDays)")),
  violations: z.array(Violation),
  estimate: z
    .optional(z.boolean())
    .check(
      z.describe(
        "true when travel to and from the stop is a straight-line estimate (beyond the road data, with the council's roadArea.outsideEstimates); absent on plans saved before it",
      ),
    ),
});

const CheckIn = z.object({
  at: z.string(),
  kind: z.enum(['start', 'due', 'arrive', 'on-site', 'leave', 'end']),
  stop: z.optional(z.number().check(z.int())),
});

const Route = z.object({
  officerIds: z.array(z.string()),
  stops: z.array(Stop),
  start: z.object({ ...LatLon, departure: z.string() }),
  end: z.object({ ...LatLon, arrival: z.string() }),
  miles: z.number(),
  value: z.number(),
  driveMinutes: z.number(),
  checkIns: z
    .optional(z.array(CheckIn))
    .check(
      z.describe(
        'lone-working check-ins in time order: setting off, every hour, on arriving at / every 30 min at / on leaving a flagged address, back (absent on plans saved before they existed)',
      ),
    ),
  breakAfter: z.optional(z.number().check(z.int())).check(z.describe('stops before the break (absent without a break)')),
});

const Unplanned = z.object({
  caseRef: z.string(),
  reason: z
    .string()
    .check(
      z.describe(
        'vulnerable, manual-hold, held-for-review, arrangement, breathing-space, expired, not-yet-eligible, blackout, do-not-visit, needs-crew, no-skill, outside-shifts, no-capacity, not-worth-detour, no-window, no-road, outside-road-area, removed-by-user (UnplannedReason; README lists what each means)',
      ),
    ),
  eligibleFrom: z.optional(z.string()),
  lastLawfulDay: z.optional(z.string()).check(z.describe('the last lawful day (reg 9), when it is soon')),
});

export const DayPlanSchema = z.object({
  date: z.string(),
  weight: z.number().check(z.describe('pounds per mile the plan was made with')),
  routes: z.array(Route),
  unplanned: z.array(Unplanned),
  totals: Totals,
  estimate: z.boolean().check(z.describe('true when travel figures are straight-line estimates (all of them, or the stops marked estimate)')),
  roads: z
    .optional(z.object({ source: z.string(), builtAt: z.string() }))
    .check(z.describe('the road data the plan was made on (the OSM file and when its graph was built); absent for OSRM, straight lines and older plans')),
  team: z.optional(z.string()).check(z.describe("the team whose day this is (settings.teams), when all its officers are of one; absent: the whole area's")),
});

/** The day plan as the API returns it: the rules' DayPlan plus its id and version. */
export const PlanResponse = z.extend(DayPlanSchema, {
  id: z.string(),
  version: z.number().check(z.int()),
  createdBy: z.optional(z.string()).check(z.describe('who saved this version')),
  createdAt: z.optional(z.string()).check(z.describe('when this version was saved')),
});

/** GET /api/plans: saved plans, latest version of each. */
export const PlanListItem = z.object({
  id: z.string(),
  date: z.string(),
  version: z.number().check(z.int()),
  createdAt: z.string(),
  createdBy: z.string(),
  totals: Totals,
  team: z.optional(z.string()),
});

/** One officer's Saturday quota for one month, as a week plan leaves it (SaturdayQuotaStatus). */
export const SaturdayQuotaSchema = z.object({
  officerId: z.string(),
  month: z.string(),
  quota: z.number().check(z.int()),
  workedBefore: z.number().check(z.int(), z.describe('Saturdays that already counted outside the plan: worked or planned in saved plans')),
  planned: z.number().check(z.int()),
  plannedDates: z.array(z.string()),
  remainingAfter: z.number().check(z.int(), z.describe('Saturdays of the month after the plan the officer could still work')),
  met: z.boolean(),
});

/** POST /api/plans/week (201): the days saved, each officer's Saturday quota, what stayed unplanned. */
export const WeekPlanResponse = z.object({
  from: z.string(),
  days: z.array(PlanResponse),
  saturdayQuotas: z.array(SaturdayQuotaSchema),
  unplanned: z.array(z.any()),
  totals: Totals,
});

/** What a printed run sheet needs beyond the plan: each stop's cases with the debtor's name and address. */
export const RunSheetResponse = z.object({
  id: z.string(),
  version: z.number().check(z.int()),
  date: z.string(),
  routes: z.array(
    z.object({
      officerIds: z.array(z.string()),
      stops: z.array(
        z.object({
          caseRefs: z.array(z.string()),
          arrival: z.string(),
          cases: z.array(z.object({ ref: z.string(), name: z.string(), address: z.string(), postcode: z.string() })),
        }),
      ),
    }),
  ),
});

/** A saved route's road geometry and OSRM v5 steps; the client checks the OSRM part itself (client/src/directions). */
export const OsrmRouteSchema = z.object({
  code: z.string(),
  routes: z.array(z.any()),
  waypoints: z.array(z.any()),
  estimate: z.optional(z.boolean()),
});

export type DayPlanAnswer = z.infer<typeof DayPlanSchema>;
export type PlanAnswer = z.infer<typeof PlanResponse>;
