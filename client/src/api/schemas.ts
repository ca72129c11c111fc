/**
 * The shapes the client accepts from the server: the API's contract (contract/, shared with the
 * server, which validates and documents with the same schemas), under the names the client uses.
 * Parsing answers at the boundary makes a server change show as a readable message instead of a
 * broken map. Objects are not strict: a field the contract does not name is dropped, not refused.
 */
import * as z from 'zod/mini';
import { ImportAnswer, KeptRow, OtherNameRow, CaseSummary as CaseSummarySchema } from '../../../contract/cases';
import { CheckInResponse } from '../../../contract/check-ins';
import { PlanSaved, SweepResult, WeekSaved, JobAccepted } from '../../../contract/jobs';
import { OutcomeListItem, OutcomeResponse } from '../../../contract/outcomes';
import { Officer as OfficerSchema, OfficerName as OfficerNameSchema, SaturdayMonthSchema } from '../../../contract/officers';
import { PlanResponse, RunSheetResponse } from '../../../contract/plans';
import { RoadArea as RoadAreaSchema, RoadMap as RoadMapSchema } from '../../../contract/roads';
import { ProblemFields } from '../../../contract/problem';
import { Providers, RoleSchema, SessionUser as SessionUserSchema } from '../../../contract/session';
import { SettingsView } from '../../../contract/settings';
import { Account as AccountSchema } from '../../../contract/users';

export {
  AccountSchema as accountSchema,
  CaseSummarySchema as caseSchema,
  CheckInResponse as checkInSchema,
  ImportAnswer as importResultSchema,
  JobAccepted as jobAcceptedSchema,
  KeptRow as keptRowSchema,
  OfficerNameSchema as officerNameSchema,
  OfficerSchema as officerSchema,
  OutcomeListItem as outcomeListSchema,
  OutcomeResponse as outcomeRecordedSchema,
  PlanResponse as planSchema,
  PlanSaved as planSavedSchema,
  Providers as providersSchema,
  RoleSchema as roleSchema,
  RoadAreaSchema as roadAreaSchema,
  RoadMapSchema as roadMapSchema,
  RunSheetResponse as runSheetSchema,
  SaturdayMonthSchema as saturdayMonthSchema,
  SessionUserSchema as sessionUserSchema,
  SettingsView as settingsSchema,
  SweepResult as sweepResultSchema,
  WeekSaved as weekResultSchema,
};

/**
 * An error body is read for whatever part of a problem it has: the API's error handler sends all
 * of it, but a proxy or the platform in front of it may not.
 */
export const problemSchema = z.partial(ProblemFields);

/** A plan as the server answers it. */
export type PlanAnswer = z.infer<typeof PlanResponse>;
type StopAnswer = PlanAnswer['routes'][number]['stops'][number];
/** What the server fills in when it judges a stop: absent on a stop just moved or added (untimedStop) until it answers. */
type Judged = 'waitMinutes' | 'window' | 'balance' | 'flags' | 'violations';
/** A stop as the client holds it: as the server judged it, or not judged yet. */
export type Stop = Omit<StopAnswer, Judged> & Partial<Pick<StopAnswer, Judged>>;
export type Route = Omit<PlanAnswer['routes'][number], 'stops'> & { stops: Stop[] };
export type Plan = Omit<PlanAnswer, 'routes'> & { routes: Route[] };
export type Violation = StopAnswer['violations'][number];
export type Unplanned = PlanAnswer['unplanned'][number];
export type Officer = z.infer<typeof OfficerSchema>;
export type SaturdayMonth = z.infer<typeof SaturdayMonthSchema>;
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export type Problem = z.infer<typeof problemSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type SessionUser = z.infer<typeof SessionUserSchema>;
export type FieldProblem = NonNullable<Problem['errors']>[number];
export type OfficerName = z.infer<typeof OfficerNameSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type Settings = z.infer<typeof SettingsView>;
export type KeptRow = z.infer<typeof KeptRow>;
export type OtherNameRow = z.infer<typeof OtherNameRow>;
export type RunSheet = z.infer<typeof RunSheetResponse>;

/** [lon, lat] pairs, GeoJSON order. */
export type LonLat = [number, number];
/** Cases of an import beyond the road data in use, by postcode district (kept; not planned until the area's extract is loaded). */
export type OutsideRoadArea = NonNullable<z.infer<typeof ImportAnswer>['outsideRoadArea']>;
export type RoadArea = z.infer<typeof RoadAreaSchema>;
/** The drivable roads as GeoJSON lines (GET /api/roads): the offline base map, and the route area's copy kept on the phone. */
export type RoadMap = z.infer<typeof RoadMapSchema>;
/** A lone-working check-in as the server recorded it (POST/GET /api/check-ins). */
export type CheckInRecord = z.infer<typeof CheckInResponse>;
