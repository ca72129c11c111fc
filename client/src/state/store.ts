/**
 * The client's one store: every view (map, stop list, run sheet, team and manager panels) reads
 * from here and redraws on change; nothing else holds state that matters.
 */
import * as z from 'zod/mini';
import type {
  Account,
  CaseSummary,
  FieldProblem,
  KeptRow,
  OtherNameRow,
  Officer,
  OutsideRoadArea,
  Plan,
  RoadArea,
  Role,
  SaturdayMonth,
  SessionUser,
  Settings,
} from '../api/schemas';
import { lonLat, osrmLegSchema } from '../directions/routeSchema';
import type { RunSheet } from '../api/rounds';
import type { Queued } from '../offline/device';
import type { Draft } from './draft';
import type { UnsavedEdit } from './unsaved';

/**
 * A route's road path and turn-by-turn legs as the server routed them. A schema, not only a type:
 * the officer's day keeps them on the phone, and what IndexedDB gives back is parsed with it.
 */
export const roadRouteSchema = z.object({
  coordinates: z.array(lonLat),
  legs: z.array(osrmLegSchema),
  estimate: z.boolean(),
  /** Where the start, each stop and the end meet the roads (the line runs between these). */
  roadPoints: z.optional(z.array(lonLat)),
});
export type RoadRoute = z.infer<typeof roadRouteSchema>;

export type ViewName = 'officer' | 'team' | 'manager' | 'admin';

/** The views each role works in, the first being where they land (the server enforces the same split). */
export const VIEWS_FOR: Record<Role, ViewName[]> = {
  officer: ['officer'],
  team_leader: ['officer', 'team', 'manager'],
  manager: ['manager'],
  admin: ['admin'],
};

/** The view to show: the one asked for when the role has it, else the role's own. */
export function allowedView(asked: ViewName, user: SessionUser | null): ViewName {
  if (!user) return asked;
  const views = VIEWS_FOR[user.role];
  return views.includes(asked) ? asked : views[0];
}

export interface Busy {
  label: string;
  /** 0..1 when the server reports progress. */
  progress?: number;
  /** Set while a cancellable server job runs. */
  jobId?: string;
}

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface SweepPoint {
  weight: number;
  miles: number;
  value: number;
}

export interface WeekSummary {
  from: string;
  /** One row per planned day; planId opens that day's saved plan. */
  days: Array<{ date: string; planId?: string; visits: number; miles: number; value: number; byOfficer: Record<string, number> }>;
}

/** The last case import the team leader ran: what it did, or every problem that stopped it. */
export interface ImportReport {
  file: string;
  imported?: number;
  updated?: number;
  /** Rows whose recorded status, vulnerability or attempts the file did not override. */
  kept?: KeptRow[];
  /** Rows whose case joined a debtor reference under a name sharing no word with that debtor's other cases. */
  otherName?: OtherNameRow[];
  /** Cases of the file beyond the road data in use, by postcode district. */
  outsideRoadArea?: OutsideRoadArea;
  problems: FieldProblem[];
}

/** A change the admin sent that the server refused: its sentence and each field it named. */
export interface AdminProblem {
  /** Which form it answers. */
  form: 'account' | 'settings';
  message: string;
  problems: FieldProblem[];
}

export interface AppState {
  /** The signed-in user; null before the session is known or after signing out. */
  user: SessionUser | null;
  /** Set when the user must sign in (first visit, or the session ended): the sign-in form shows with this message. */
  signIn: { message: string } | null;
  view: ViewName;
  date: string;
  officerId: string | null;
  /** Pounds per mile for the next plan; null = the server's configured default. */
  weight: number | null;
  /** The officer records this user may read (an officer: their own). */
  officers: Officer[];
  /** Every officer's name by id (GET /api/officers/names): crew partners, account links. */
  officerNames: Map<string, string>;
  cases: Map<string, CaseSummary>;
  plan: Plan | null;
  draft: Draft | null;
  /** The draft's edit, when the session ended before the server saved it (re-sent after signing in again). */
  unsaved: UnsavedEdit | null;
  /** Visit keys the officer pinned in place for re-optimisation. */
  locked: Set<string>;
  /** Case refs with an outcome recorded today, with the outcome. */
  outcomes: Map<string, string>;
  selected: string | null;
  /** Road paths per pathKey(route); absent until the server sent them. */
  paths: Map<string, RoadRoute>;
  sweep: SweepPoint[];
  week: WeekSummary | null;
  /** Each officer's Saturdays in the shown date's month (the team leader's team view), as the server counts them. */
  saturdays: { month: string; rows: SaturdayMonth[] } | null;
  importReport: ImportReport | null;
  /** The road data in use and its outline (the team leader's map), once fetched. */
  roadArea: RoadArea | null;
  /** The names and addresses for the printed run sheet: fetched when the user prints, dropped after. */
  runSheet: RunSheet | null;
  /** The configured default weight (settings), for the manager's "save as the default". */
  defaultWeight: number | null;
  /** The teams dividing the area (settings), and the one a team leader of every team plans now (null: the whole area). */
  teams: Array<{ id: string; name: string }>;
  team: string | null;
  /** Admin: the accounts, the settings document, and the server's last refusal. */
  accounts: Account[];
  settings: Settings | null;
  /** The settings' version as read (ETag): a save made on an older one is refused, not applied over another's. */
  settingsTag: string | null;
  adminProblem: AdminProblem | null;
  busy: Busy | null;
  notice: Notice | null;
  // --- The officer's day on the doorstep (issue 13) ---
  /** The browser's idea of the connection (navigator.onLine and its events). */
  online: boolean;
  /** Outcomes and check-ins made on this phone that the server does not have yet, and those it refused. */
  queue: Queued[];
  /** The signed-in officer's last check-in today (ISO), sent or waiting. */
  lastCheckIn: string | null;
  /** Team leader: each officer's last check-in of the shown day, by officer id. */
  checkIns: Map<string, string>;
  /** The phone's position, once the officer allowed it ("Re-plan from here"). */
  position: { lat: number; lon: number; accuracy: number } | null;
  /** The last outcome the officer recorded, confirmed on screen at once. */
  recorded: { caseRefs: string[]; label: string } | null;
  /** Set when the day on screen is the copy kept on the phone (opened with no connection): when it was saved. */
  fromDevice: string | null;
}

export type Listener<S> = (state: S, previous: S) => void;

export interface Store<S> {
  get(): S;
  set(patch: Partial<S> | ((s: S) => Partial<S>)): void;
  subscribe(listener: Listener<S>): () => void;
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<Listener<S>>();
  return {
    get: () => state,
    set(patch) {
      const previous = state;
      const delta = typeof patch === 'function' ? patch(state) : patch;
      const changed = Object.keys(delta).some((k) => (delta as Record<string, unknown>)[k] !== (state as Record<string, unknown>)[k]);
      if (!changed) return;
      state = { ...state, ...delta };
      for (const l of [...listeners]) l(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function initialState(today: string): AppState {
  return {
    user: null,
    signIn: null,
    view: 'officer',
    date: today,
    officerId: null,
    weight: null,
    officers: [],
    officerNames: new Map(),
    cases: new Map(),
    plan: null,
    draft: null,
    unsaved: null,
    locked: new Set(),
    outcomes: new Map(),
    selected: null,
    paths: new Map(),
    sweep: [],
    week: null,
    saturdays: null,
    importReport: null,
    roadArea: null,
    runSheet: null,
    defaultWeight: null,
    teams: [],
    team: null,
    accounts: [],
    settings: null,
    settingsTag: null,
    adminProblem: null,
    busy: null,
    notice: null,
    online: typeof navigator === 'undefined' ? true : navigator.onLine,
    queue: [],
    lastCheckIn: null,
    checkIns: new Map(),
    position: null,
    recorded: null,
    fromDevice: null,
  };
}

/** Index of the route the officer view shows: the officer's own, or the crew they are in. */
export function routeIndexFor(plan: Plan | null, officerId: string | null): number {
  if (!plan || !officerId) return -1;
  return plan.routes.findIndex((r) => r.officerIds.includes(officerId));
}

/** A route's officers by name ("A & B" for a crew); an id stands in for a name not known. */
export function routeName(route: { officerIds: string[] }, names: ReadonlyMap<string, string>): string {
  return route.officerIds.map((id) => names.get(id) ?? id).join(' & ');
}

/** Identity of a route's path: its officers and its stops in order (a reorder needs a new path). */
export function pathKey(route: { officerIds: string[]; stops: Array<{ caseRefs: string[] }> }): string {
  return `${route.officerIds.join('&')}|${route.stops.map((s) => s.caseRefs.join('+')).join(',')}`;
}
