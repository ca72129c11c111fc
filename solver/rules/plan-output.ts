/**
 * Solver routes (or an officer's order) -> the DayPlan the API returns: local ISO times with
 * offset, band windows, expected value per stop, miles, and the statutory checks of every stop.
 */
import type { Job, Solution } from '../vrp/model.js';
import { enforcementShares, METRES_PER_MILE, offerFor } from './builder.js';
import { isoLocal } from './calendar.js';
import { checkInsFor } from './check-ins.js';
import { checkVisit, type CheckContext } from './compliance.js';
import type { LonLat } from '../roads/backend.js';
import { unplannedCase, type DayModel } from './day-model.js';
import { lastLawfulDaySoon } from './eligibility.js';
import type { Team } from './officers.js';
import { expectedValue, type VisitOffer } from './recovery.js';
import type { Visit } from './visits.js';
import { breakPosition, walkRoute, type Timeline } from './timeline.js';
import type { DayPlan, PlannedRoute, PlannedStop, UnplannedCase, Violation } from './types.js';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Local minutes after midnight as 'HH:MM' (how a stop shows its window). */
export function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export interface RouteReportOptions {
  /** Stops already made today, reported first and unchanged (re-planning). */
  doneStops?: PlannedStop[];
  doneMiles?: number;
  doneDriveMinutes?: number;
  /** Report lateness and shift overrun as violations (evaluation of a manual order). */
  planViolations?: boolean;
  /** With planViolations: the stop past this many visits is flagged (settings.maxVisitsPerRoute). */
  maxVisits?: number;
  startDeparture?: string;
}

/** What reporting one route needs: the team, its shift end, and the visits its jobs index. */
export interface RouteContext {
  team: Team;
  shiftEnd: number;
  visits: Visit[];
  offers: VisitOffer[];
  /** Each visit's share of its debtor's enforcement fee of the day (Fees reg 11), when known. */
  fees?: number[];
  dayStartMs: number;
  zone: string;
  check: CheckContext;
  /** Whether travel to and from a point is a straight-line estimate (absent: none is). */
  estimatedAt?: (point: LonLat) => boolean;
}

/** One team's route as walked in time, with checks. Job visits (>= 0) index model.visits; breaks are < 0. */
export function reportRoute(model: RouteContext, visits: number[], timeline: Timeline, opts: RouteReportOptions = {}): PlannedRoute {
  const team = model.team;
  const at = (s: number) => isoLocal(model.dayStartMs + s * 1000, model.zone);
  const crew = team.officerIds.length > 1;
  const stops: PlannedStop[] = [...(opts.doneStops ?? [])];
  let value = (opts.doneStops ?? []).reduce((s, st) => s + st.value, 0);
  visits.forEach((index, k) => {
    if (index < 0) return;
    const visit = model.visits[index];
    const offer = model.offers[index];
    const entry = timeline.entries[k];
    const w = offer.windows[entry.window];
    const stopValue = w && entry.lateness <= 1e-6 ? expectedValue(offer, w) : 0;
    const violations: Violation[] = checkVisit(visit, model.dayStartMs + entry.start * 1000, model.dayStartMs + entry.departure * 1000, crew, model.check);
    if (opts.planViolations && entry.lateness > 1e-6) {
      violations.push({ code: 'late', message: `arrives ${Math.round(entry.lateness / 60)} min after the window closes` });
    }
    if (opts.planViolations && entry.departure > model.shiftEnd + 1e-6) {
      violations.push({ code: 'after-shift-end', message: `leaves at ${at(entry.departure).slice(11, 16)}, after the shift ends` });
    }
    if (opts.planViolations && opts.maxVisits !== undefined && stops.length === opts.maxVisits) {
      violations.push({ code: 'too-many-visits', message: `more than ${opts.maxVisits} visits on one route (the setting maxVisitsPerRoute)` });
    }
    value += stopValue;
    const lastLawfulDay = visit.cases
      .map((c) => lastLawfulDaySoon(c, model.check.date, model.check.settings))
      .filter((d): d is string => d !== undefined)
      .sort()[0];
    stops.push({
      caseRefs: visit.caseRefs,
      lat: visit.lat,
      lon: visit.lon,
      arrival: at(entry.arrival),
      departure: at(entry.departure),
      waitMinutes: Math.round(entry.wait / 60),
      window: w ? { start: clock(w.from), end: clock(w.to), band: w.band, label: w.label } : { start: '', end: '', band: 'none' },
      value: stopValue,
      balance: visit.balance,
      flags: { warning: visit.warning, business: visit.premises === 'business', repeat: offer.repeat, vulnerable: visit.vulnerable },
      ...(model.fees ? { enforcementFee: model.fees[index] } : {}),
      ...(lastLawfulDay ? { lastLawfulDay } : {}),
      violations,
      estimate: model.estimatedAt?.([visit.lon, visit.lat]) ?? false,
    });
  });
  if (opts.planViolations && timeline.endArrival > model.shiftEnd + 1e-6 && stops.length > 0) {
    const last = stops[stops.length - 1];
    if (!last.violations.some((v) => v.code === 'after-shift-end')) {
      last.violations.push({ code: 'after-shift-end', message: `back at ${at(timeline.endArrival).slice(11, 16)}, after the shift ends` });
    }
  }
  const breakAt = breakPosition(visits);
  const start = { lat: team.start.lat, lon: team.start.lon, departure: opts.startDeparture ?? at(timeline.departure) };
  const end = { lat: team.end.lat, lon: team.end.lon, arrival: at(timeline.endArrival) };
  return {
    officerIds: team.officerIds,
    stops,
    start,
    end,
    miles: round2(timeline.distance / METRES_PER_MILE + (opts.doneMiles ?? 0)),
    value: round2(value),
    driveMinutes: Math.round(timeline.drive / 60 + (opts.doneDriveMinutes ?? 0)),
    checkIns: checkInsFor({ start, stops, end }, model.check.settings.checkIns, model.zone),
    ...(breakAt !== undefined ? { breakAfter: breakAt + (opts.doneStops?.length ?? 0) } : {}),
  };
}

/** Metres from a problem location to the left-out visit, and from it back to one. */
interface DetourTravel {
  into: (location: number) => number;
  outOf: (location: number) => number;
}

/** Why an eligible visit the solver left out was left: worth less than the cheapest detour, or no room. */
function leftOutReason(model: DayModel, solution: Solution, job: Job, travel: DetourTravel): UnplannedCase['reason'] {
  const { problem } = model;
  const n = problem.locationCount;
  const dist = problem.distances;
  const maxFactor = Math.max(0, ...job.windows.map((w) => w.valueFactor ?? 1));
  let cheapest = Infinity;
  for (let v = 0; v < problem.vehicles.length; v++) {
    const vehicle = problem.vehicles[v];
    if (!job.skills.every((k) => vehicle.skills.includes(k))) continue;
    const route = solution.routes.find((r) => r.vehicle === v);
    const path = [vehicle.start, ...(route?.visits.filter((x) => x >= 0).map((x) => problem.jobs[x].location) ?? []), vehicle.end];
    for (let i = 0; i + 1 < path.length; i++) {
      const delta = travel.into(path[i]) + travel.outOf(path[i + 1]) - dist[path[i] * n + path[i + 1]];
      cheapest = Math.min(cheapest, delta * vehicle.costPerDistance);
    }
  }
  return cheapest >= job.prize * maxFactor ? 'not-worth-detour' : 'no-capacity';
}

/**
 * The offers and fee shares of the visits a solution serves, priced as evaluation prices them: the
 * debtor's one enforcement fee of the day shared between the visits actually made (Fees reg 11).
 */
function servedPricing(model: DayModel, served: ReadonlySet<number>): { offers: VisitOffer[]; fees: number[] } {
  const indices = [...served].sort((a, b) => a - b);
  const shares = enforcementShares(
    indices.map((j) => model.visits[j]),
    model.date,
    model.check.settings,
  );
  const offers = [...model.offers];
  const fees = new Array<number>(model.visits.length).fill(0);
  indices.forEach((j, k) => {
    fees[j] = shares[k];
    offers[j] = offerFor(model.visits[j], model.date, model.check.settings, {
      forced: model.forced[j],
      enforcementFee: shares[k],
      holidays: model.check.holidays,
    });
  });
  return { offers, fees };
}

export function reportSolution(model: DayModel, solution: Solution, opts: { report?: RouteReportOptions } = {}): DayPlan {
  const served = new Set(solution.routes.flatMap((r) => r.visits.filter((x) => x >= 0)));
  const pricing = servedPricing(model, served);
  const routes: PlannedRoute[] = model.teams.map((_, v) => {
    const route = solution.routes.find((r) => r.vehicle === v) ?? { vehicle: v, visits: [] };
    const timeline = walkRoute(model.problem, v, route.visits, route.windows);
    const routeContext = { ...model, ...pricing, team: model.teams[v], shiftEnd: model.problem.vehicles[v].shift.end };
    return reportRoute(routeContext, route.visits, timeline, opts.report);
  });
  const unplanned = [...model.unplanned];
  const n = model.problem.locationCount;
  const d = model.problem.distances;
  model.visits.forEach((visit, j) => {
    if (served.has(j)) return;
    const job = model.problem.jobs[j];
    const reason = leftOutReason(model, solution, job, { into: (p) => d[p * n + job.location], outOf: (p) => d[job.location * n + p] });
    for (const c of visit.cases) unplanned.push(unplannedCase(c, reason, model.date, model.check.settings));
  });
  for (const spare of model.spares) {
    const reason = leftOutReason(model, solution, spare.job, { into: (p) => spare.into[p], outOf: (p) => spare.outOf[p] });
    for (const c of spare.visit.cases) unplanned.push(unplannedCase(c, reason, model.date, model.check.settings));
  }
  return assemblePlan(model, routes, unplanned);
}

/** The plan from its routes: sorted reasons, totals, and whether any figure is an estimate. */
export function assemblePlan(model: Pick<DayModel, 'date' | 'weight' | 'estimate' | 'roads'>, routes: PlannedRoute[], unplanned: UnplannedCase[]): DayPlan {
  return {
    date: model.date,
    weight: model.weight,
    routes,
    unplanned: unplanned.sort((a, b) => (a.caseRef < b.caseRef ? -1 : a.caseRef > b.caseRef ? 1 : 0)),
    totals: {
      visits: routes.reduce((s, r) => s + r.stops.length, 0),
      miles: round2(routes.reduce((s, r) => s + r.miles, 0)),
      value: round2(routes.reduce((s, r) => s + r.value, 0)),
    },
    estimate: model.estimate || routes.some((r) => r.stops.some((s) => s.estimate === true)),
    ...(model.roads ? { roads: model.roads } : {}),
  };
}
