/** The Rounds API (issue 4) as typed functions; the server is the only judge of ETAs and violations. */
import * as z from 'zod/mini';
import type { EvaluateBody } from '../state/draft';
import { postOnce, requestAllPages, requestJson, requestTagged, send } from './http';
import { osrmResponseSchema } from '../directions/routeSchema';
import type { OutcomeKind } from '../../../contract/outcomes';
import type { PlanBody, ReplanBody } from '../../../contract/plan-requests';
import type { NewAccountBody } from '../../../contract/users';
import {
  accountSchema,
  caseSchema,
  checkInSchema,
  outcomeListSchema,
  outcomeRecordedSchema,
  importResultSchema,
  jobAcceptedSchema,
  officerNameSchema,
  officerSchema,
  planSchema,
  providersSchema,
  roadAreaSchema,
  roadMapSchema,
  runSheetSchema,
  saturdayMonthSchema,
  sessionUserSchema,
  settingsSchema,
  type Plan,
  type Role,
  type RunSheet,
  type Settings,
} from './schemas';

/** POST /api/plans as the client sends it (the search's budget and seed are the server's defaults). */
export type PlanRequest = Pick<z.input<typeof PlanBody>, 'date' | 'officerIds' | 'weight' | 'replace'>;
/** POST /api/plans/:id/replan: from where and when, the case refs already visited, the stops pinned. */
export type ReplanRequest = Pick<z.input<typeof ReplanBody>, 'officerIds' | 'from' | 'done' | 'locked'>;
/** POST /api/users: an officer account names the officer it is. */
export type NewAccount = z.input<typeof NewAccountBody>;
export type Outcome = z.infer<typeof OutcomeKind>;

/** POST /api/outcomes. */
export interface OutcomeBody {
  caseRef: string;
  kind: Outcome;
  at: string;
  officerId?: string;
  /** Pounds paid, for 'paid'. */
  amount?: number;
  note?: string;
}

export const OUTCOMES: Array<{ value: Outcome; label: string }> = [
  { value: 'paid', label: 'Paid in full' },
  { value: 'arrangement', label: 'Arrangement made' },
  { value: 'no_contact', label: 'No contact' },
  { value: 'goods_controlled', label: 'Goods taken into control' },
  { value: 'vulnerable', label: 'Vulnerable (suspend case)' },
  { value: 'gone_away', label: 'Gone away' },
];

const enc = encodeURIComponent;

export const api = {
  session: () => requestJson('/api/session', sessionUserSchema),
  signIn: (username: string, password: string) => requestJson('/api/session', sessionUserSchema, { body: { username, password } }),
  // Bounded: a connection that hangs (a captive portal) leaves the sign-out pending rather than the screen waiting.
  signOut: () => send('/api/session', { method: 'DELETE', signal: AbortSignal.timeout(15_000) }),
  /** The ways to sign in: the password always, the council's single sign-on when the server has it. */
  providers: () => requestJson('/api/session/providers', providersSchema),
  officers: () => requestJson('/api/officers', z.array(officerSchema)),
  /** Every officer's id and name (an officer may not read the others' records, but may see who their crew partner is). */
  officerNames: () => requestJson('/api/officers/names', z.array(officerNameSchema)),
  /** Each officer's Saturdays of a month ('YYYY-MM'): worked, planned and still owed (team leader, manager). */
  saturdays: (month: string) => requestJson(`/api/officers/saturdays?month=${enc(month)}`, z.array(saturdayMonthSchema)),
  openCases: () => requestJson('/api/cases?status=open', z.array(caseSchema)),
  /** A revenues-system CSV export: every row imported, or none and each bad row named (422). */
  importCases: (csv: string) => requestJson('/api/cases/import', importResultSchema, { raw: { text: csv, type: 'text/csv' } }),
  createPlan: (req: PlanRequest, signal?: AbortSignal) => requestJson('/api/plans', planSchema, { body: req, signal }),
  /** Long runs: 202 {jobId}; progress and the result arrive over SSE (jobs.ts). */
  startPlanJob: (req: PlanRequest) => requestJson('/api/plans?async=1', jobAcceptedSchema, { body: req }),
  plan: (id: string) => requestJson(`/api/plans/${enc(id)}`, planSchema),
  /** The day's current plan (whoever made it), or null when the day has none (for an officer: no route of theirs). */
  currentPlan: (date: string, team?: string) => requestJson(`/api/plans/current?date=${enc(date)}${team ? `&team=${enc(team)}` : ''}`, z.nullable(planSchema)),
  /** Compares weights without saving a plan: 202 {jobId}; the job answers {points}. */
  startSweepJob: (date: string, weights: number[]) => requestJson('/api/plans/sweep', jobAcceptedSchema, { body: { date, weights } }),
  /** The server judges an order without saving it: arrivals, waits and violations per stop. */
  evaluate: (id: string, body: EvaluateBody, signal?: AbortSignal) => requestJson(`/api/plans/${enc(id)}/evaluate`, planSchema, { body, signal }),
  /** Saves an edited order as a new version; 409 when someone else changed the plan meanwhile. */
  save: (id: string, body: EvaluateBody, baseVersion: number) =>
    requestJson(`/api/plans/${enc(id)}`, planSchema, { method: 'PUT', body: { ...body, baseVersion } }),
  startReplanJob: (id: string, body: ReplanRequest & { baseVersion?: number }) =>
    requestJson(`/api/plans/${enc(id)}/replan?async=1`, jobAcceptedSchema, { body }),
  startWeekJob: (from: string, days: number, weight?: number, replace?: boolean, officerIds?: string[]) =>
    requestJson('/api/plans/week?async=1', jobAcceptedSchema, { body: { from, days, weight, replace, officerIds } }),
  /** Safe to repeat with the same key: the server records it once (a phone re-sending a queued outcome). */
  recordOutcome: (body: OutcomeBody, key: string) => postOnce('/api/outcomes', outcomeRecordedSchema, body, key),
  /** Outcomes recorded since a London day on the signed-in officer's routes, by any device (every page). */
  outcomesSince: (since: string) => requestAllPages(`/api/outcomes?since=${enc(since)}`, z.array(outcomeListSchema)),
  /** The signed-in officer's lone-working check-in, once per key. */
  checkIn: (at: string, key: string) => postOnce('/api/check-ins', checkInSchema, { at }, key),
  /** Each officer's last check-in of a day (an officer: their own). */
  checkIns: (date: string) => requestJson(`/api/check-ins?date=${enc(date)}`, z.array(checkInSchema)),
  cancelJob: (jobId: string) => send(`/api/jobs/${enc(jobId)}`, { method: 'DELETE' }),
  /** A saved route's road geometry and OSRM v5 steps (turn-by-turn). */
  routeGeometry: (id: string, index: number, version?: number) =>
    requestJson(`/api/plans/${enc(id)}/routes/${index}/geometry${version ? `?version=${version}` : ''}`, osrmResponseSchema),
  /** Names and addresses to print, fetched when the user prints: a read of personal data the server records. */
  runSheet: (id: string, version?: number) => requestJson(`/api/plans/${enc(id)}/run-sheet${version ? `?version=${version}` : ''}`, runSheetSchema),
  /** The road data in use: its name, size and outline. */
  roadArea: () => requestJson('/api/roads/area', roadAreaSchema),
  /** The road graph for the offline base map. */
  roads: () => requestJson('/api/roads', roadMapSchema),
  /** The road graph of an area (minLon, minLat, maxLon, maxLat): the offline base map kept on an officer's phone. */
  roadsIn: (bbox: [number, number, number, number]) => requestJson(`/api/roads?bbox=${bbox.map((n) => n.toFixed(5)).join(',')}`, roadMapSchema),
  settings: () => requestJson('/api/settings', settingsSchema),
  /** The manager's (and admin's) one setting: pounds of expected recovery a mile must earn. */
  saveDefaultWeight: (defaultWeight: number) => requestJson('/api/settings/default-weight', settingsSchema, { method: 'PUT', body: { defaultWeight } }),
  /** Admin: the settings with their version (ETag), to change them on what was read. */
  settingsTagged: () => requestTagged('/api/settings', settingsSchema),
  /**
   * Admin: the fields named replace theirs, the rest stay (422 names each safeguard a change would
   * loosen; 412 when someone changed the settings since `tag` was read).
   */
  patchSettings: (patch: Partial<Settings>, tag: string | null) =>
    requestTagged('/api/settings', settingsSchema, { method: 'PATCH', body: patch, ...(tag ? { ifMatch: tag } : {}) }),
  /** Admin: the whole document, on the version read. */
  putSettings: (settings: unknown, tag: string | null) =>
    requestTagged('/api/settings', settingsSchema, { method: 'PUT', body: settings, ...(tag ? { ifMatch: tag } : {}) }),
  users: () => requestJson('/api/users', z.array(accountSchema)),
  createUser: (user: NewAccount) => requestJson('/api/users', accountSchema, { body: user }),
  updateUser: (username: string, change: { displayName?: string; role?: Role; officerId?: string | null; disabled?: boolean }) =>
    requestJson(`/api/users/${enc(username)}`, accountSchema, { method: 'PATCH', body: change }),
  setPassword: (username: string, password: string) => send(`/api/users/${enc(username)}/password`, { method: 'PUT', body: { password } }),
};

export type Api = typeof api;
export type { Plan, RunSheet };
