/**
 * The officer's edited order of visits, kept apart from the evaluated plan: the client changes
 * the order, the server says what that order means (arrivals, waits, violations). Every function
 * here is pure and returns a new draft, so the store can compare and undo.
 */
import type * as z from 'zod/mini';
import type { RoutesBody } from '../../../contract/plan-requests';
import type { Plan, Route, Stop } from '../api/schemas';

/** One visit = the case refs the server grouped (one debtor at one address). */
export type Visit = string[];

export interface DraftRoute {
  officerIds: string[];
  visits: Visit[];
}

export interface Draft {
  routes: DraftRoute[];
}

/** The body of POST /api/plans/:id/evaluate (issue 4). */
/** POST /api/plans/:id/evaluate (and the routes of a save): each route's stops in order, as case-ref lists. */
export type EvaluateBody = z.input<typeof RoutesBody>;

/** A stop's identity across re-evaluations: its case refs, which the server never splits. */
export function visitKey(visit: Visit | Stop): string {
  const refs = Array.isArray(visit) ? visit : visit.caseRefs;
  return refs.join('+');
}

export function routeKey(route: Pick<Route, 'officerIds'> | DraftRoute): string {
  return route.officerIds.join('&');
}

export function draftFromPlan(plan: Plan): Draft {
  return { routes: plan.routes.map((r) => ({ officerIds: [...r.officerIds], visits: r.stops.map((s) => [...s.caseRefs]) })) };
}

function checkIndex(draft: Draft, routeIndex: number, index: number, allowEnd: boolean): DraftRoute {
  const route = draft.routes[routeIndex];
  if (!route) throw new RangeError(`No route ${routeIndex} (the plan has ${draft.routes.length})`);
  const max = allowEnd ? route.visits.length : route.visits.length - 1;
  if (!Number.isInteger(index) || index < 0 || index > max) {
    throw new RangeError(`No position ${index} in route ${routeIndex} (it has ${route.visits.length} stops)`);
  }
  return route;
}

function withRoute(draft: Draft, routeIndex: number, visits: Visit[]): Draft {
  return { routes: draft.routes.map((r, i) => (i === routeIndex ? { officerIds: r.officerIds, visits } : r)) };
}

/** Drag within one list: the visit at `from` ends up at `to` (SortableJS's oldIndex/newIndex). */
export function moveWithin(draft: Draft, routeIndex: number, from: number, to: number): Draft {
  const route = checkIndex(draft, routeIndex, from, false);
  checkIndex(draft, routeIndex, to, false);
  if (from === to) return draft;
  const visits = [...route.visits];
  const [moved] = visits.splice(from, 1);
  visits.splice(to, 0, moved);
  return withRoute(draft, routeIndex, visits);
}

/** Drag from one officer's list to another's (team leader). */
export function moveBetween(draft: Draft, fromRoute: number, fromIndex: number, toRoute: number, toIndex: number): Draft {
  if (fromRoute === toRoute) return moveWithin(draft, fromRoute, fromIndex, toIndex);
  const source = checkIndex(draft, fromRoute, fromIndex, false);
  const target = checkIndex(draft, toRoute, toIndex, true);
  const moved = source.visits[fromIndex];
  const sourceVisits = source.visits.filter((_, i) => i !== fromIndex);
  const targetVisits = [...target.visits.slice(0, toIndex), moved, ...target.visits.slice(toIndex)];
  return {
    routes: draft.routes.map((r, i) =>
      i === fromRoute ? { officerIds: r.officerIds, visits: sourceVisits } : i === toRoute ? { officerIds: r.officerIds, visits: targetVisits } : r,
    ),
  };
}

export function removeVisit(draft: Draft, routeIndex: number, index: number): Draft {
  const route = checkIndex(draft, routeIndex, index, false);
  return withRoute(
    draft,
    routeIndex,
    route.visits.filter((_, i) => i !== index),
  );
}

/** Add an unplanned case; refuses a case already in the day (a case is never visited twice). */
export function addCase(draft: Draft, routeIndex: number, caseRef: string, at?: number): Draft {
  for (const r of draft.routes) {
    if (r.visits.some((v) => v.includes(caseRef))) throw new Error(`Case ${caseRef} is already in today's plan`);
  }
  const route = checkIndex(draft, routeIndex, at ?? draft.routes[routeIndex]?.visits.length ?? 0, true);
  const index = at ?? route.visits.length;
  return withRoute(draft, routeIndex, [...route.visits.slice(0, index), [caseRef], ...route.visits.slice(index)]);
}

export function evaluateBody(draft: Draft): EvaluateBody {
  return { routes: draft.routes.map((r) => ({ officerIds: [...r.officerIds], caseRefs: r.visits.map((v) => [...v]) })) };
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
