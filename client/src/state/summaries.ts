/** Figures the team leader and manager views show, derived from server answers (never re-evaluated). */
import type { Officer, Plan, SaturdayMonth } from '../api/schemas';
import type { WeekSummary } from './store';

/** One officer's Saturdays in the month shown: worked and planned dates against the quota. */
export interface SaturdaySummary {
  quota: number;
  /** 'every' (Saturday is a working day), 'rota' (the planner chooses which) or 'none'; absent until the server said. */
  pattern?: string;
  worked: string[];
  planned: string[];
  /** Saturdays that count: worked or planned, a date both once. */
  counted: number;
  owed: number;
}

export interface OfficerSummary {
  officerId: string;
  name: string;
  crewWith: string[];
  visits: number;
  miles: number;
  value: number;
  violations: number;
  saturdays: SaturdaySummary;
}

function isSaturday(date: string): boolean {
  return new Date(`${date}T12:00:00Z`).getUTCDay() === 6;
}

/**
 * One row per officer. A crew's route counts for both officers (they are both out), so team
 * totals come from the plan's own totals, not from summing these rows. Saturdays: the server's
 * count for the month (GET /api/officers/saturdays) joined by the Saturdays of the plan and week
 * on screen (their plans are saved, so the server counts them too at its next answer).
 */
export function officerSummaries(plan: Plan | null, officers: Officer[], week: WeekSummary | null, saturdays: SaturdayMonth[] = []): OfficerSummary[] {
  const month = plan?.date.slice(0, 7) ?? week?.from.slice(0, 7);
  const fromServer = new Map(saturdays.map((s) => [s.officerId, s]));
  return officers.map((o) => {
    const routes = plan?.routes.filter((r) => r.officerIds.includes(o.id)) ?? [];
    const server = fromServer.get(o.id);
    const planned = new Set(server?.planned ?? []);
    for (const d of week?.days ?? []) {
      if (isSaturday(d.date) && d.date.slice(0, 7) === month && (d.byOfficer[o.id] ?? 0) > 0) planned.add(d.date);
    }
    if (plan && isSaturday(plan.date) && routes.some((r) => r.stops.length > 0)) planned.add(plan.date);
    const worked = server?.worked ?? [];
    const quota = server?.quota ?? o.saturdayQuota;
    const counted = new Set([...worked, ...planned]).size;
    return {
      officerId: o.id,
      name: o.name,
      crewWith: [...new Set(routes.flatMap((r) => r.officerIds).filter((id) => id !== o.id))],
      visits: routes.reduce((n, r) => n + r.stops.length, 0),
      miles: routes.reduce((n, r) => n + r.miles, 0),
      value: routes.reduce((n, r) => n + r.value, 0),
      violations: routes.reduce((n, r) => n + r.stops.reduce((m, s) => m + (s.violations?.length ?? 0), 0), 0),
      saturdays: { quota, pattern: server?.pattern, worked, planned: [...planned].sort(), counted, owed: Math.max(0, quota - counted) },
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
