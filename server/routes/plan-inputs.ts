import type { FastifyInstance } from 'fastify';
import { saturdaysOf, saturdaysWorked } from '../../solver/rules/saturdays.js';
import type { DayPlan } from '../../solver/rules/types.js';

/** What the planning routes read from the store and reshape before a job starts. */

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
