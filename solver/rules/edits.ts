/**
 * A hand edit of a day's routes and the cases left off them. The planner gave a reason for each
 * case it left out; after the user reorders, adds or takes off stops, a case now on a route leaves
 * the list, a case the user took off every route joins it as 'removed-by-user', and the others keep
 * the planner's reason. The server answers with this list; the client shows it as given.
 */
import type { DayPlan, UnplannedCase } from './types.js';

/**
 * The day's unplanned cases after an edit of `before` (the saved version the edit started from),
 * given every case on a route of the day afterwards (edited routes and untouched ones alike).
 * Sorted by case ref, as a plan lists them.
 */
export function unplannedAfterEdit(before: Pick<DayPlan, 'routes' | 'unplanned'>, routedAfter: Iterable<string>): UnplannedCase[] {
  const routed = new Set(routedAfter);
  const unplanned = new Map<string, UnplannedCase>();
  for (const u of before.unplanned) if (!routed.has(u.caseRef)) unplanned.set(u.caseRef, u);
  for (const route of before.routes) {
    for (const stop of route.stops) {
      for (const caseRef of stop.caseRefs) if (!routed.has(caseRef) && !unplanned.has(caseRef)) unplanned.set(caseRef, { caseRef, reason: 'removed-by-user' });
    }
  }
  return [...unplanned.values()].sort((a, b) => (a.caseRef < b.caseRef ? -1 : a.caseRef > b.caseRef ? 1 : 0));
}
