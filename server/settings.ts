import { z } from 'zod';
import { DEFAULT_RULES_SETTINGS, RulesSettingsSchema, SETTINGS_LIMITS } from '../solver/rules/settings.js';
import { DEFAULT_POSTCODE_DISTANCE_KM } from './import/case-csv.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/**
 * Team-wide planning settings: the enforcement rules' own parameters (the yield weight
 * `defaultWeight` in pounds per mile, `visitMinutes`, contact model, notice-period table ...),
 * whose defaults the rules own, plus the council's blackout dates on which nobody is planned.
 */
export const SettingsSchema = RulesSettingsSchema.extend({
  blackoutDates: z.array(isoDate).max(SETTINGS_LIMITS.blackoutDates).default([]),
  /** Sign-in sessions end after this long without a request, and this long after sign-in whatever happens (ASVS 3.3: 30 minutes, 12 hours). */
  sessions: z
    .object({ idleMinutes: z.number().int().min(5).max(480), absoluteHours: z.number().int().min(1).max(24) })
    .default({ idleMinutes: 30, absoluteHours: 12 }),
  /** Checks of imported rows beyond their form: given coordinates within this many km of their postcode's centroid (an assumption: a Code-Point centroid lies within a few hundred metres of its addresses in towns, a kilometre or two in the country). */
  importChecks: z.object({ postcodeDistanceKm: z.number().min(0.1).max(100) }).default({ postcodeDistanceKm: DEFAULT_POSTCODE_DISTANCE_KM }),
  /**
   * Cases beyond the road data in use (another borough, or an area not yet loaded): left unplanned as
   * `outside-road-area` (the default), or, when the council chooses, planned on straight-line
   * estimates, every such stop and its plan marked as an estimate.
   */
  roadArea: z.object({ outsideEstimates: z.boolean() }).default({ outsideEstimates: false }),
  /** How long Rounds keeps what it no longer needs (server/retention.ts; README "Retention and erasure"). */
  retention: z
    .object({
      /** The last N versions of each plan are kept whatever their age: the plan as worked and the edits just before it. */
      planVersionsKept: z.number().int().min(1).max(100),
      /** Older versions are pruned once the plan's date is this many days past: long enough to settle a query about the day. */
      planVersionsAfterDays: z.number().int().min(1).max(3650),
      /**
       * A closed case's personal fields are erased this many days after it closed. Assumption: 365, the
       * Ombudsman's 12-month complaint window (Local Government Act 1974 s.26B); the council's own retention
       * schedule decides. At least 30, so that a closure recorded in error can be undone before the data goes.
       */
      closedCaseDays: z.number().int().min(30).max(3650),
    })
    .default({ planVersionsKept: 5, planVersionsAfterDays: 30, closedCaseDays: 365 }),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type RetentionSettings = Settings['retention'];

export const DEFAULT_SETTINGS: Settings = {
  ...DEFAULT_RULES_SETTINGS,
  blackoutDates: [],
  sessions: { idleMinutes: 30, absoluteHours: 12 },
  importChecks: { postcodeDistanceKm: DEFAULT_POSTCODE_DISTANCE_KM },
  roadArea: { outsideEstimates: false },
  retention: { planVersionsKept: 5, planVersionsAfterDays: 30, closedCaseDays: 365 },
};

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
type PatchShape<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> };

/**
 * Every field optional with its default taken off: zod 4 fills `.default()` even inside
 * `.partial()`, which made a PATCH naming one field reset the others to their defaults.
 */
function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodObject<PatchShape<S>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, z.optional(field instanceof z.ZodDefault ? field.unwrap() : field)]),
  );
  return z.object(shape) as unknown as z.ZodObject<PatchShape<S>>;
}

/** A PATCH body: the top-level fields it names, each whole and validated; absent ones stay as stored. */
export const SettingsPatchSchema = patchOf(SettingsSchema);

export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
