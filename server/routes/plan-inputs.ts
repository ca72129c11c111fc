import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { countOutcomes, recordedVisits, type OutcomeCounts, type RecordedVisit } from '../../solver/rules/learning.js';
import type { RulesSettings } from '../../solver/rules/settings.js';
import type { DayPlan } from '../../solver/rules/types.js';
import type { PlanningData } from '../jobs/protocol.js';
import type { Store } from '../store/store.js';

/** What the planning routes read from the store and reshape before a job starts. */

/**
 * Everything the rules need, read once per request: cases that are open or suspended (for the
 * reasons list), and what the recorded outcomes teach the forecast (solver/rules/learning.ts).
 */
export async function loadPlanningData(app: FastifyInstance): Promise<PlanningData> {
  const [open, suspended, officers, crews, settings] = await Promise.all([
    app.store.listCases({ status: 'open' }),
    app.store.listCases({ status: 'suspended' }),
    app.store.listOfficers(),
    app.store.listCrews(),
    app.store.getSettings(),
  ]);
  const outcomeCounts = await loadOutcomeCounts(app.store, settings);
  return { cases: [...open, ...suspended], officers, crews, settings, outcomeCounts };
}

/** Every recorded outcome as a visit, with its case's facts (closed cases too: a payment closes one). */
export async function loadRecordedVisits(store: Store, settings: RulesSettings): Promise<RecordedVisit[]> {
  const [outcomes, cases] = await Promise.all([store.listOutcomes(), store.listCases()]);
  return recordedVisits(outcomes, new Map(cases.map((c) => [c.ref, c])), settings);
}

/**
 * The counts the forecast learns from (GET /api/model shows them with the rates they give). Kept
 * until the store changes: every change writes an audit row in its own transaction, so the newest
 * audit row's id says whether outcomes or cases may have changed. Evaluating a reorder needs the
 * counts too, and reading every outcome and case for each drag would eat its time budget.
 */
export async function loadOutcomeCounts(store: Store, settings: RulesSettings): Promise<OutcomeCounts> {
  const [head] = await store.listAudit({ limit: 1 });
  const key = JSON.stringify([head?.id ?? 0, settings.timeZone, settings.bands, settings.attemptDecay, settings.bandMemory]);
  const kept = countsKept.get(store);
  if (kept?.key === key) return kept.counts;
  const counts = countOutcomes(await loadRecordedVisits(store, settings), settings);
  countsKept.set(store, { key, counts });
  return counts;
}
const countsKept = new WeakMap<Store, { key: string; counts: OutcomeCounts }>();

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
