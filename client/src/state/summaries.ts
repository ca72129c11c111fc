/** Figures the team leader and manager views show, derived from server answers (never re-evaluated). */
import type { Officer, Plan } from '../api/schemas';
import type { WeekSummary } from './store';

export interface OfficerSummary {
  officerId: string;
  name: string;
  crewWith: string[];
  visits: number;
  miles: number;
  value: number;
  violations: number;
  saturdays: { planned: number; quota: number };
}

function isSaturday(date: string): boolean {
  return new Date(`${date}T12:00:00Z`).getUTCDay() === 6;
}

/**
 * One row per officer. A crew's route counts for both officers (they are both out), so team
 * totals come from the plan's own totals, not from summing these rows.
 */
export function officerSummaries(plan: Plan | null, officers: Officer[], week: WeekSummary | null): OfficerSummary[] {
  const month = plan?.date.slice(0, 7) ?? week?.from.slice(0, 7);
  return officers.map((o) => {
    const routes = plan?.routes.filter((r) => r.officerIds.includes(o.id)) ?? [];
    const fromServer = (o as { saturdaysWorked?: unknown }).saturdaysWorked;
    const plannedSaturdays = new Set<string>();
    for (const d of week?.days ?? []) {
      if (isSaturday(d.date) && d.date.slice(0, 7) === month && (d.byOfficer[o.id] ?? 0) > 0) plannedSaturdays.add(d.date);
    }
    if (plan && isSaturday(plan.date) && routes.some((r) => r.stops.length > 0)) plannedSaturdays.add(plan.date);
    return {
      officerId: o.id,
      name: o.name,
      crewWith: [...new Set(routes.flatMap((r) => r.officerIds).filter((id) => id !== o.id))],
      visits: routes.reduce((n, r) => n + r.stops.length, 0),
      miles: routes.reduce((n, r) => n + r.miles, 0),
      value: routes.reduce((n, r) => n + r.value, 0),
      violations: routes.reduce((n, r) => n + r.stops.reduce((m, s) => m + (s.violations?.length ?? 0), 0), 0),
      saturdays: {
        planned: typeof fromServer === 'number' ? fromServer : plannedSaturdays.size,
        quota: o.saturdayQuota,
      },
    };
  });
}

export interface Kpis {
  visits: number;
  miles: number;
  value: number;
  valuePerMile: number;
  unplanned: number;
  unplannedByReason: Record<string, number>;
  violations: number;
  officersOut: number;
}

export function teamKpis(plan: Plan): Kpis {
  const unplannedByReason: Record<string, number> = {};
  for (const u of plan.unplanned) unplannedByReason[u.reason] = (unplannedByReason[u.reason] ?? 0) + 1;
  const { visits, miles, value } = plan.totals;
  return {
    visits,
    miles,
    value,
    valuePerMile: miles > 0 ? value / miles : 0,
    unplanned: plan.unplanned.length,
    unplannedByReason,
    violations: plan.routes.reduce((n, r) => n + r.stops.reduce((m, s) => m + (s.violations?.length ?? 0), 0), 0),
    officersOut: new Set(plan.routes.filter((r) => r.stops.length > 0).flatMap((r) => r.officerIds)).size,
  };
}

/** The week's saved day plans (in date order) as per-day rows, each naming the plan it opens. */
export function summariseWeek(from: string, plans: Plan[]): WeekSummary {
  return {
    from,
    days: plans.map((day) => {
      const byOfficer: Record<string, number> = {};
      for (const r of day.routes) for (const id of r.officerIds) byOfficer[id] = (byOfficer[id] ?? 0) + r.stops.length;
      return { date: day.date, planId: day.id, visits: day.totals.visits, miles: day.totals.miles, value: day.totals.value, byOfficer };
    }),
  };
}

/** Unplanned cases filtered by reason and a free-text search on ref or postcode. */
export function filterUnplanned<T extends { caseRef: string; reason: string }>(
  unplanned: T[],
  reason: string,
  text: string,
  postcodeOf: (ref: string) => string | undefined,
): T[] {
  const q = text.trim().toLowerCase();
  return unplanned.filter(
    (u) =>
      (reason === '' || u.reason === reason) && (q === '' || u.caseRef.toLowerCase().includes(q) || (postcodeOf(u.caseRef) ?? '').toLowerCase().includes(q)),
  );
}
