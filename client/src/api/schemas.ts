/**
 * The shapes the client accepts from the server (issue 4's contract), checked with zod at the
 * boundary so that a server change shows as a readable message instead of a broken map.
 * Objects are loose: the server may add fields; the client only relies on those named here.
 */
import * as z from 'zod/mini';

const point = z.object({ lat: z.number(), lon: z.number() });

export const violationSchema = z.looseObject({ code: z.string(), message: z.string() });

export const stopSchema = z.looseObject({
  caseRefs: z.array(z.string()).check(z.minLength(1)),
  lat: z.number(),
  lon: z.number(),
  arrival: z.string(),
  departure: z.string(),
  waitMinutes: z.optional(z.number()),
  window: z.optional(z.looseObject({ start: z.string(), end: z.string(), band: z.optional(z.string()), label: z.optional(z.string()) })),
  value: z.number(),
  balance: z.optional(z.number()),
  address: z.optional(z.string()),
  postcode: z.optional(z.string()),
  flags: z.optional(
    z.looseObject({
      warning: z.optional(z.boolean()),
      business: z.optional(z.boolean()),
      repeat: z.optional(z.boolean()),
      vulnerable: z.optional(z.boolean()),
      crew: z.optional(z.boolean()),
    }),
  ),
  /** The last lawful day (reg 9), when it is soon: shown in red. */
  lastLawfulDay: z.optional(z.string()),
  violations: z.optional(z.array(violationSchema)),
});

/** [lon, lat] pairs, GeoJSON order. */
const lineString = z.looseObject({ type: z.literal('LineString'), coordinates: z.array(z.tuple([z.number(), z.number()])) });

export const routeSchema = z.looseObject({
  officerIds: z.array(z.string()).check(z.minLength(1)),
  stops: z.array(stopSchema),
  start: z.optional(z.looseObject({ lat: z.number(), lon: z.number(), departure: z.optional(z.string()) })),
  end: z.optional(z.looseObject({ lat: z.number(), lon: z.number(), arrival: z.optional(z.string()) })),
  miles: z.number(),
  value: z.number(),
  driveMinutes: z.optional(z.number()),
  /** Lone-working check-ins in time order (absent on plans saved before they existed). */
  checkIns: z.optional(z.array(z.looseObject({ at: z.string(), kind: z.string(), stop: z.optional(z.number()) }))),
  geometry: z.optional(lineString),
});

export const unplannedSchema = z.looseObject({
  caseRef: z.string(),
  reason: z.string(),
  eligibleFrom: z.optional(z.string()),
  lastLawfulDay: z.optional(z.string()),
});

export const planSchema = z.looseObject({
  id: z.optional(z.string()),
  /** Saved plans are versioned; an edit names the version it started from. */
  version: z.optional(z.number()),
  /** Who saved this version, and when. */
  createdBy: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  date: z.string(),
  weight: z.optional(z.number()),
  routes: z.array(routeSchema),
  unplanned: z.array(unplannedSchema),
  totals: z.looseObject({ visits: z.number(), miles: z.number(), value: z.number() }),
  estimate: z.optional(z.boolean()),
});

export const officerSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  start: z.optional(point),
  end: z.optional(point),
  shiftStart: z.optional(z.string()),
  shiftEnd: z.optional(z.string()),
  workingDays: z.optional(z.array(z.number())),
  skills: z.optional(z.array(z.string())),
  /** Saturdays a month the officer is expected to work; the server fills in the default. */
  saturdayQuota: z.number(),
  /** Monday to Friday and available on Saturdays: the planner chooses which. */
  saturdayRota: z.optional(z.boolean()),
});

/** GET /api/officers/saturdays?month=: one officer's Saturdays of the month against the quota. */
export const saturdayMonthSchema = z.looseObject({
  officerId: z.string(),
  pattern: z.string(),
  quota: z.number(),
  worked: z.array(z.string()),
  planned: z.array(z.string()),
  owed: z.number(),
});

export const caseSchema = z.looseObject({
  ref: z.string(),
  debtorRef: z.optional(z.string()),
  address: z.optional(z.string()),
  postcode: z.string(),
  lat: z.number(),
  lon: z.number(),
  balance: z.number(),
  noticeDate: z.optional(z.string()),
  premises: z.optional(z.string()),
  debtType: z.optional(z.string()),
  flags: z.optional(z.looseObject({ vulnerable: z.optional(z.boolean()), warning: z.optional(z.boolean()) })),
});

export const roleSchema = z.enum(['officer', 'team_leader', 'manager', 'admin']);
export const sessionUserSchema = z.looseObject({ username: z.string(), displayName: z.string(), role: roleSchema, officerId: z.optional(z.string()) });
export const providersSchema = z.looseObject({ password: z.boolean(), oidc: z.boolean(), oidcLabel: z.optional(z.string()) });

/** GET /api/officers/names: every officer's id and name, for any signed-in user. */
export const officerNameSchema = z.looseObject({ id: z.string(), name: z.string() });

/** An account as the admin sees it (never a password or its hash). */
export const accountSchema = z.looseObject({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  officerId: z.optional(z.string()),
  source: z.optional(z.string()),
  disabled: z.boolean(),
});

/**
 * The settings document (GET /api/settings). The admin's form edits the fields named here; the
 * rest travel untouched (the JSON editor shows the whole document).
 */
export const settingsSchema = z.looseObject({
  visitingHours: z.looseObject({ start: z.string(), end: z.string() }),
  limitMonths: z.number(),
  suspendVulnerable: z.boolean(),
  defaultWeight: z.number(),
  visitMinutes: z.number(),
  maxVisitsPerRoute: z.number(),
  blackoutDates: z.array(z.string()),
  sessions: z.looseObject({ idleMinutes: z.number(), absoluteHours: z.number() }),
});

/** A finished weight comparison: what each weight would give (nothing saved). */
export const sweepResultSchema = z.looseObject({
  points: z.array(z.looseObject({ weight: z.number(), visits: z.number(), miles: z.number(), value: z.number() })),
});

export const jobAcceptedSchema = z.looseObject({ jobId: z.string() });

/** A finished day or re-plan job names the plan version it saved. */
export const planSavedSchema = z.looseObject({ planId: z.string(), version: z.number() });

/** A finished week job names the day plans it saved, in date order. */
export const weekResultSchema = z.looseObject({ planIds: z.array(z.string()) });

/** RFC 9457 problem details, with the field-level errors issue 4 promises. */
export const problemSchema = z.looseObject({
  title: z.optional(z.string()),
  detail: z.optional(z.string()),
  status: z.optional(z.number()),
  errors: z.optional(
    z.array(
      z.looseObject({
        row: z.optional(z.number()),
        field: z.optional(z.string()),
        path: z.optional(z.string()),
        message: z.string(),
      }),
    ),
  ),
});

export type Violation = z.infer<typeof violationSchema>;
export type Stop = z.infer<typeof stopSchema>;
export type Route = z.infer<typeof routeSchema>;
export type Unplanned = z.infer<typeof unplannedSchema>;
export type Plan = z.infer<typeof planSchema>;
export type Officer = z.infer<typeof officerSchema>;
export type SaturdayMonth = z.infer<typeof saturdayMonthSchema>;
export type CaseSummary = z.infer<typeof caseSchema>;
export type Problem = z.infer<typeof problemSchema>;
export type Role = z.infer<typeof roleSchema>;
export type SessionUser = z.infer<typeof sessionUserSchema>;
export type FieldProblem = NonNullable<Problem['errors']>[number];
export type OfficerName = z.infer<typeof officerNameSchema>;
export type Account = z.infer<typeof accountSchema>;
export type Settings = z.infer<typeof settingsSchema>;

/** A row a re-import did not take whole: an outcome recorded in Rounds says otherwise. */
export const keptRowSchema = z.object({ row: z.number(), caseRef: z.string(), fields: z.array(z.string()), reason: z.string() });
export type KeptRow = z.infer<typeof keptRowSchema>;

/** POST /api/cases/import: new cases, cases updated by ref, and the rows kept as recorded. */
export const importResultSchema = z.object({ imported: z.number(), updated: z.number(), kept: z.array(keptRowSchema) });
export type LonLat = [number, number];

// --- The officer's day on the doorstep (issue 13): check-ins and a keyed outcome's answer ---
/** A lone-working check-in as the server recorded it (POST/GET /api/check-ins). */
export const checkInSchema = z.object({ id: z.number(), officerId: z.string(), at: z.string(), recordedBy: z.string() });
export type CheckInRecord = z.infer<typeof checkInSchema>;
/** POST /api/outcomes: the outcome as recorded and the status it left its case in. */
export const outcomeRecordedSchema = z.looseObject({ id: z.number(), caseRef: z.string(), kind: z.string(), caseStatus: z.string() });
