/**
 * Keeps the list of unplanned cases across edits. The server's evaluation of an edited order
 * judges the routes only and answers with an empty unplanned list; the planner's reasons from the
 * last full plan still hold for the cases the officer has not touched, so they are carried over.
 */
import type { Plan, Unplanned } from '../api/schemas';

/** Reason shown for a case the officer took out of the day. */
export const REMOVED = 'removed-by-officer';

export function carryUnplanned(next: Plan, previous: Plan | null): Plan {
  if (next.unplanned.length > 0 || !previous || previous.unplanned.length === 0 || previous.date !== next.date) return next;
  const routed = new Set(next.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs)));
  const kept: Unplanned[] = previous.unplanned.filter((u) => !routed.has(u.caseRef));
  const listed = new Set(kept.map((u) => u.caseRef));
  const removed = previous.routes
    .flatMap((r) => r.stops.flatMap((s) => s.caseRefs))
    .filter((ref) => !routed.has(ref) && !listed.has(ref))
    .map((caseRef) => ({ caseRef, reason: REMOVED }));
  return { ...next, unplanned: [...removed, ...kept] };
}
