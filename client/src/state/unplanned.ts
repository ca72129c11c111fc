/**
 * Keeps the list of unplanned cases across edits. The server carries the planner's reasons over
 * relative to the saved version; an edit is shown before it is saved (evaluate first, then save),
 * so meanwhile the client keeps the list in step with what is on screen: cases now on a route
 * leave it, cases taken off a route join it. Used only when the answer has no list of its own.
 */
import type { Plan, Unplanned } from '../api/schemas';

/** Reason for a case taken out of the day by hand (the server's name for it, 'removed-by-user'). */
export const REMOVED = 'removed-by-user';

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
