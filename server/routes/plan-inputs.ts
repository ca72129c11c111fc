import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import type { DayPlan } from '../../solver/rules/types.js';
import type { PlanningData } from '../jobs/protocol.js';

/** What the planning routes read from the store and reshape before a job starts. */

/**
 * Everything the rules need, read once per request: cases that are open or suspended (for the
 * reasons list), closed ones with a warning marker (the caution is the premises', whatever became
 * of the case: the rules never plan a closed case), and the holds on debtors.
 */
export async function loadPlanningData(app: FastifyInstance): Promise<PlanningData> {
  const [open, suspended, warned, officers, crews, settings, holds] = await Promise.all([
    app.store.listCases({ status: 'open' }),
    app.store.listCases({ status: 'suspended' }),
    app.store.listCases({ status: 'closed', warning: true }),
    app.store.listOfficers(),
    app.store.listCrews(),
    app.store.getSettings(),
    app.store.holds.forPlanning(),
  ]);
  return { cases: [...open, ...suspended, ...warned], officers, crews, settings, holds };
}

/**
 * Saturdays with visits each officer has already worked in the month of `from`, before it: the
 * Saturdays on which outcomes were recorded under their id (outcomes are the record of work done).
 */
export async function saturdaysWorkedBefore(app: FastifyInstance, from: string): Promise<Record<string, number>> {
  const month = from.slice(0, 7);
  const days = new Map<string, Set<string>>();
  for (const o of await app.store.listOutcomes()) {
    if (!o.officerId) continue;
    const local = DateTime.fromISO(o.at, { setZone: true }).setZone('Europe/London');
    const date = local.toISODate();
    if (!date || !date.startsWith(month) || date >= from || local.weekday !== 6) continue;
    if (!days.has(o.officerId)) days.set(o.officerId, new Set());
    days.get(o.officerId)!.add(date);
  }
  return Object.fromEntries([...days].map(([id, dates]) => [id, dates.size]));
}

/** Bare locked refs become the plan's stops that hold them, in the order given (a debtor's cases stay one visit). */
export function lockedStops(plan: DayPlan, locked: string[] | string[][] | undefined): string[][] | undefined {
  if (!locked || locked.length === 0) return undefined;
  if (Array.isArray(locked[0])) return locked as string[][];
  const stopOf = new Map<string, string[]>();
  for (const r of plan.routes) for (const s of r.stops) for (const ref of s.caseRefs) stopOf.set(ref, s.caseRefs);
  const stops: string[][] = [];
  for (const ref of locked as string[]) {
    const stop = stopOf.get(ref) ?? [ref];
    if (!stops.includes(stop)) stops.push(stop);
  }
  return stops;
}
