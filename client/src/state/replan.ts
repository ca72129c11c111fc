/** The request for "re-optimise the rest of the day from now" (POST /api/plans/:id/replan). */
import type { ReplanRequest } from '../api/rounds';
import type { Route } from '../api/schemas';
import { londonIso } from '../format/format';
import { visitKey } from './draft';

/**
 * Visits already departed from, or with an outcome recorded, are done; the officer restarts from
 * `here` (the phone's position, when the officer shared it), else the last done visit (or the
 * day's start), at `now`, or at the planned start if the day has not begun.
 */
export function replanRequest(
  route: Route,
  now: Date,
  outcomes: ReadonlyMap<string, string>,
  locked: ReadonlySet<string>,
  here?: { lat: number; lon: number },
): ReplanRequest {
  const done = route.stops.filter((s) => s.caseRefs.some((r) => outcomes.has(r)) || new Date(s.departure).getTime() <= now.getTime());
  const last = done[done.length - 1];
  const origin = last ?? route.start ?? route.stops[0];
  if (!origin) throw new Error('This route has no start and no stops to re-plan from');
  const startAt = route.start?.departure ? new Date(route.start.departure) : null;
  const from = startAt && startAt.getTime() > now.getTime() && done.length === 0 ? startAt : now;
  return {
    officerIds: [...route.officerIds],
    from: { time: londonIso(from), lat: here?.lat ?? origin.lat, lon: here?.lon ?? origin.lon },
    done: done.flatMap((s) => s.caseRefs),
    locked: route.stops.filter((s) => locked.has(visitKey(s)) && !done.includes(s)).flatMap((s) => s.caseRefs),
  };
}
