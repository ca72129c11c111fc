import type { FastifyInstance } from 'fastify';
import { countOutcomes, recordedVisits, type OutcomeCounts, type RecordedVisit } from '../../solver/rules/learning.js';
import type { RulesSettings } from '../../solver/rules/settings.js';
import { saturdaysOf, saturdaysWorked } from '../../solver/rules/saturdays.js';
import type { DayPlan } from '../../solver/rules/types.js';
import type { PlanningData } from '../jobs/protocol.js';
import type { Store } from '../store/store.js';

/** What the planning routes read from the store and reshape before a job starts. */

/**
 * Everything the rules need, read once per request: cases that are open or suspended (for the
 * reasons list), closed ones with a warning marker (the caution is the premises', whatever became
 * of the case: the rules never plan a closed case), the holds on debtors, and what the recorded
 * outcomes teach the forecast (solver/rules/learning.ts).
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
  const outcomeCounts = await loadOutcomeCounts(app.store, settings);
  return { cases: [...open, ...suspended, ...warned], officers, crews, settings, holds, outcomeCounts };
}

/** Saturday dates per officer: worked (outcomes) and planned (saved plans). */
export interface SaturdayRecords {
  worked: Record<string, string[]>;
  planned: Record<string, string[]>;
}

/** The months 'YYYY-MM' that `days` days from `from` touch. */
export function monthsOf(from: string, days: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return [...new Set(Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 7)))];
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
 * Each officer's Saturdays in `months`: worked by the rules' measure (outcomes recorded under
 * their id, dated in the settings' time zone: solver/rules/saturdays.ts), and planned (the
 * Saturday's current saved plan gives them visits).
 */
export async function saturdayRecords(app: FastifyInstance, months: string[]): Promise<SaturdayRecords> {
  const [outcomes, settings] = await Promise.all([app.store.listOutcomes(), app.store.getSettings()]);
  const inMonths = (d: string) => months.includes(d.slice(0, 7));
  const worked = Object.fromEntries(
    Object.entries(saturdaysWorked(outcomes, settings.timeZone))
      .map(([id, dates]) => [id, dates.filter(inMonths)] as const)
      .filter(([, dates]) => dates.length > 0),
  );
  const planned: Record<string, string[]> = {};
  // Each team's current plan of the day (one plan when teams do not divide the area).
  const teams = settings.teams.length === 0 ? [undefined] : settings.teams.map((t) => t.id);
  for (const date of months.flatMap(saturdaysOf)) {
    const ids = new Set<string>();
    for (const team of teams) {
      const id = await app.store.currentPlanId(date, team);
      if (id) ids.add(id);
    }
    const out = new Set<string>();
    for (const id of ids) {
      const stored = await app.store.getPlan(id);
      for (const r of stored?.plan.routes ?? []) if (r.stops.length > 0) r.officerIds.forEach((o) => out.add(o));
    }
    for (const officerId of out) (planned[officerId] ??= []).push(date);
  }
  return { worked, planned };
}

/** What counts towards each quota: a Saturday worked or planned, once. */
export function countedFrom(records: SaturdayRecords): Record<string, string[]> {
  const ids = new Set([...Object.keys(records.worked), ...Object.keys(records.planned)]);
  return Object.fromEntries([...ids].map((id) => [id, [...new Set([...(records.worked[id] ?? []), ...(records.planned[id] ?? [])])].sort()]));
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
