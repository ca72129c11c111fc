import { z } from 'zod';

/** Zod schemas shared by several route plugins; each drives validation, types and OpenAPI. */

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real calendar date');

export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');

export const Point = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const OfficerBody = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only')
    .optional(),
  name: z.string().min(1).max(200),
  start: Point,
  end: Point,
  shiftStart: LocalTime,
  shiftEnd: LocalTime,
  workingDays: z.array(z.number().int().min(1).max(7)).max(7),
  unavailableDates: z.array(IsoDate).default([]),
  breakMinutes: z.number().int().min(0).max(180),
  breakWindow: z.object({ start: LocalTime, end: LocalTime }),
  skills: z.array(z.string().min(1).max(40)).default([]),
  saturdayQuota: z.number().int().min(0).max(5).default(2),
  saturdayRota: z
    .boolean()
    .default(false)
    .describe(
      'works the working days and is available on Saturdays: the planner chooses which, as many as saturdayQuota a month (ignored when Saturday is a working day)',
    ),
});

export const Officer = OfficerBody.required({ id: true });

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

/** One officer's Saturdays in a month (solver/rules/saturdays.ts, saturdayMonth). */
export const SaturdayMonthSchema = z.object({
  officerId: z.string(),
  pattern: z
    .enum(['every', 'rota', 'none'])
    .describe('every: Saturday is a working day; rota: the planner chooses which Saturdays; none: not planned on Saturdays'),
  quota: z.number().int(),
  worked: z.array(z.string()).describe('Saturdays with an outcome recorded under their id (dated in the settings time zone)'),
  planned: z.array(z.string()).describe('Saturdays whose current saved plan gives them visits'),
  owed: z.number().int().describe('the quota less the Saturdays worked or planned (a date both counts once)'),
});

export const SaturdaysQuery = z.object({ month: Month });

/** One officer's Saturday quota for one month, as a week plan leaves it (SaturdayQuotaStatus). */
export const SaturdayQuotaSchema = z.object({
  officerId: z.string(),
  month: z.string(),
  quota: z.number().int(),
  workedBefore: z.number().int().describe('Saturdays that already counted outside the plan: worked or planned in saved plans'),
  planned: z.number().int(),
  plannedDates: z.array(z.string()),
  remainingAfter: z.number().int().describe('Saturdays of the month after the plan the officer could still work'),
  met: z.boolean(),
});

export const Crew = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  officerIds: z.tuple([z.string().min(1), z.string().min(1)]),
});

export const FieldProblem = z.object({ row: z.number().int().optional(), field: z.string(), message: z.string() });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(FieldProblem).optional(),
  })
  .loose()
  .describe('application/problem+json (RFC 9457)');

export const CaseSummary = z.object({
  ref: z.string(),
  debtorRef: z.string(),
  name: z.string(),
  address: z.string(),
  postcode: z.string(),
  lat: z.number(),
  lon: z.number(),
  balance: z.number(),
  noticeDate: z.string(),
  premises: z.enum(['domestic', 'business']),
  debtType: z.enum(['council_tax', 'nndr', 'bid', 'hbop']),
  status: z.enum(['open', 'suspended', 'closed']),
  flags: z.object({ vulnerable: z.boolean(), warning: z.boolean() }),
  tradingHours: z.string().optional(),
  previousAttempts: z.array(z.string()),
});

const Violation = z.object({ code: z.string(), message: z.string() });
const LatLon = { lat: z.number(), lon: z.number() };

/** Mirrors DayPlan in solver/rules/types.ts (the contract); OpenAPI documents it from here. */
const Stop = z.object({
  caseRefs: z.array(z.string()),
  ...LatLon,
  arrival: z.string().describe('ISO 8601 local time with offset (Europe/London)'),
  departure: z.string(),
  waitMinutes: z.number(),
  window: z.object({
    start: z.string(),
    end: z.string(),
    band: z.string(),
    label: z.string().optional().describe("the band's label, e.g. 'Saturday morning'"),
  }),
  value: z.number().describe('expected recovery, pounds'),
  balance: z.number(),
  flags: z.object({ warning: z.boolean(), business: z.boolean(), repeat: z.boolean(), vulnerable: z.boolean() }),
  enforcementFee: z
    .number()
    .optional()
    .describe("this stop's share of the debtor's one enforcement fee of the day, pounds (Fees reg 11; 0 for a vulnerable debtor, reg 12)"),
  lastLawfulDay: z.string().optional().describe("the earliest last lawful day (reg 9) of the stop's cases, when it is soon (settings.lastLawfulDaySoonDays)"),
  violations: z.array(Violation),
  estimate: z
    .boolean()
    .optional()
    .describe(
      "true when travel to and from the stop is a straight-line estimate (beyond the road data, with the council's roadArea.outsideEstimates); absent on plans saved before it",
    ),
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
    .array(z.object({ at: z.string(), kind: z.enum(['start', 'due', 'arrive', 'on-site', 'leave', 'end']), stop: z.number().int().optional() }))
    .optional()
    .describe(
      'lone-working check-ins in time order: setting off, every hour, on arriving at / every 30 min at / on leaving a flagged address, back (absent on plans saved before they existed)',
    ),
  breakAfter: z.number().int().optional().describe('stops before the break (absent without a break)'),
});

export const DayPlanSchema = z.object({
  date: z.string(),
  weight: z.number().describe('pounds per mile the plan was made with'),
  routes: z.array(Route),
  unplanned: z.array(
    z.object({
      caseRef: z.string(),
      reason: z
        .string()
        .describe(
          'vulnerable, manual-hold, held-for-review, arrangement, breathing-space, expired, not-yet-eligible, blackout, do-not-visit, needs-crew, no-skill, outside-shifts, no-capacity, not-worth-detour, no-window, no-road, outside-road-area, removed-by-user (UnplannedReason; README lists what each means)',
        ),
      eligibleFrom: z.string().optional(),
      lastLawfulDay: z.string().optional().describe('the last lawful day (reg 9), when it is soon'),
    }),
  ),
  totals: z.object({ visits: z.number(), miles: z.number(), value: z.number() }),
  estimate: z.boolean().describe('true when travel figures are straight-line estimates (all of them, or the stops marked estimate)'),
  roads: z
    .object({ source: z.string(), builtAt: z.string() })
    .optional()
    .describe('the road data the plan was made on (the OSM file and when its graph was built); absent for OSRM, straight lines and older plans'),
});

/** The day plan as the API returns it: the rules' DayPlan plus its id and version. */
export const PlanResponse = DayPlanSchema.extend({
  id: z.string(),
  version: z.number().int(),
  createdBy: z.string().optional().describe('who saved this version'),
  createdAt: z.string().optional().describe('when this version was saved'),
});

export const OsrmRouteSchema = z.object({
  code: z.string(),
  routes: z.array(z.any()),
  waypoints: z.array(z.any()),
  estimate: z.boolean().optional(),
});
