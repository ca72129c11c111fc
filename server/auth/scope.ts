import { assemblePlan } from '../../solver/rules/plan-output.js';
import type { DayPlan } from '../../solver/rules/types.js';
import type { Store } from '../store/store.js';
import type { SignedInUser } from './roles.js';

/**
 * What an officer may see: their own routes (alone or in a crew) and the cases on them, nothing
 * of other officers' days or of the caseload. The role hook lets an officer in; these narrow
 * what they get. Other roles see whole plans.
 */

export function drives(route: { officerIds: string[] }, officerId: string | undefined): boolean {
  return officerId !== undefined && route.officerIds.includes(officerId);
}

/** The plan as this user may see it: for an officer, their routes only (undefined when they have none). */
export function planFor(user: SignedInUser, plan: DayPlan): DayPlan | undefined {
  if (user.role !== 'officer') return plan;
  const own = plan.routes.filter((r) => drives(r, user.officerId));
  if (own.length === 0) return undefined;
  return assemblePlan(plan, own, []);
}

/** How many of the most recent plans an officer's routes are looked for in (retention keeps the store to fewer). */
const RECENT_PLANS = 500;

/** Case refs on the officer's routes in the latest version of the recent plans. */
export async function officerCaseRefs(store: Store, officerId: string): Promise<Set<string>> {
  const refs = new Set<string>();
  for (const summary of await store.listPlans({ limit: RECENT_PLANS })) {
    const stored = await store.getPlan(summary.id);
    for (const route of stored?.plan.routes ?? []) {
      if (drives(route, officerId)) for (const stop of route.stops) for (const ref of stop.caseRefs) refs.add(ref);
    }
  }
  return refs;
}
