/**
 * The lists show the user's order at once: the draft, with each stop as the server last judged it.
 * Until the server answers (or, after a session ended, until the user signs in again) a moved
 * stop keeps its old times; the list is marked busy meanwhile. A visit the server has not placed
 * yet (a case just added) has no times at all.
 */
import type { CaseSummary, Plan, Route, Stop } from '../api/schemas';
import { visitKey, type Draft } from './draft';

/** A stop of the draft that the server has not timed yet (no arrival). */
export function untimedStop(caseRefs: string[], cases: ReadonlyMap<string, CaseSummary>): Stop {
  const c = cases.get(caseRefs[0]);
  return { caseRefs: [...caseRefs], lat: c?.lat ?? NaN, lon: c?.lon ?? NaN, arrival: '', departure: '', value: 0 };
}

/** The plan's routes with their stops in the draft's order; the plan's own route object where nothing differs. */
export function routesInDraftOrder(plan: Plan, draft: Draft | null, cases: ReadonlyMap<string, CaseSummary>): Route[] {
  const sameTeams =
    draft !== null &&
    draft.routes.length === plan.routes.length &&
    draft.routes.every((r, i) => r.officerIds.join('&') === plan.routes[i].officerIds.join('&'));
  if (!sameTeams) return plan.routes;
  const stops = new Map(plan.routes.flatMap((r) => r.stops.map((s) => [visitKey(s), s] as const)));
  return plan.routes.map((route, i) => {
    const visits = draft.routes[i].visits;
    const same = visits.length === route.stops.length && visits.every((v, k) => visitKey(v) === visitKey(route.stops[k]));
    if (same) return route;
    // Check-ins at a stop name it by position, which the move changed: only the routine ones stay.
    const checkIns = route.checkIns?.filter((c) => c.stop === undefined);
    return { ...route, stops: visits.map((v) => stops.get(visitKey(v)) ?? untimedStop(v, cases)), ...(checkIns ? { checkIns } : {}) };
  });
}
