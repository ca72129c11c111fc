/**
 * Plan mode: the officer's own order, walked in time and checked, never refused. Each stop is the
 * cases given for it (normally one debtor's cases at one address); statutory checks, lateness and
 * shift overruns are reported per stop. The problem is built by the planner's own pieces
 * (builder.ts: the visit, its offer, its job, the team's vehicle) and timed as the planner times
 * its routes (timeline.ts, timeOrder): each stop keeps the window it was planned in while it can
 * still be met, and the break stays where it was while the order stays on time. Evaluating the
 * planner's own routes gives back the planner's times.
 */
import { dayClock, enforcementShares, jobFor, offerFor, shiftSpan, vehicleFor, withPremises } from './builder.js';
import { parseDate } from './calendar.js';
import { careOf, checkContext, type PlanningContext } from './day-model.js';
import { caseLastLawfulDay, daysBetween } from './eligibility.js';
import { PlanningInputError } from './errors.js';
import { teamFromOfficers } from './officers.js';
import { assemblePlan, clock as hhmm, reportRoute } from './plan-output.js';
import { timeOrder } from './timeline.js';
import type { Problem } from '../vrp/model.js';
import type { Case, DayPlan, PlannedRoute } from './types.js';
import { visitOf } from './visits.js';
import { lawfulContext } from './statutory.js';
import { estimatedAt, roadsUsed, walkMatrixOfLabelled } from './travel.js';

export interface EvaluateRoutesOptions {
  date: string;
  weight?: number;
  routes: Array<{ officerIds: string[]; caseRefs: string[][] }>;
  /**
   * The plan being edited: a stop keeps the window it was planned in while that can still be met,
   * and a team's route keeps its break where it was while the order stays on time.
   */
  planned?: Pick<DayPlan, 'routes'>;
}

const teamKey = (officerIds: readonly string[]) => [...officerIds].sort().join('+');

export async function evaluateRoutes(given: PlanningContext, opts: EvaluateRoutesOptions): Promise<DayPlan> {
  const date = opts.date;
  parseDate(date, given.settings.timeZone, 'date');
  // An officer's order is judged by the law in force that day, whatever the stored settings say.
  const ctx = lawfulContext(given, date);
  const { settings } = ctx;
  const zone = settings.timeZone;
  ctx.calendar.assertCovered(date, 'date');
  const byRef = new Map(ctx.cases.map((c) => [c.ref, c]));
  const seen = new Set<string>();
  opts.routes.forEach((r, i) =>
    r.caseRefs.forEach((stop, s) =>
      stop.forEach((ref) => {
        const field = `routes[${i}].caseRefs[${s}]`;
        if (!byRef.has(ref)) throw new PlanningInputError(`${field}: unknown case ${JSON.stringify(ref)}`, field);
        if (seen.has(ref)) throw new PlanningInputError(`${field}: case ${ref} appears twice`, field);
        seen.add(ref);
      }),
    ),
  );
  const clock = dayClock(date, zone);
  const care = careOf(ctx);
  const check = checkContext(ctx, date, care);
  const daysLeft = (c: Case) => daysBetween(date, caseLastLawfulDay(c, settings));
  const weight = opts.weight ?? settings.defaultWeight;

  const plannedStops = opts.planned?.routes.flatMap((r) => r.stops) ?? [];
  const windowOf = new Map(plannedStops.flatMap((st) => st.caseRefs.map((ref) => [ref, st.window] as const)));
  const breakOf = new Map((opts.planned?.routes ?? []).map((r) => [teamKey(r.officerIds), r.breakAfter]));
  const visitsOf = opts.routes.map((r) =>
    r.caseRefs
      .filter((stop) => stop.length > 0)
      .map((stop) =>
        withPremises(
          visitOf(
            stop.map((ref) => byRef.get(ref)!),
            daysLeft,
          ),
          care,
        ),
      ),
  );
  // The debtor's one enforcement fee of the day, shared between their stops on every route (Fees reg 11).
  const shares = enforcementShares(visitsOf.flat(), date, settings);
  let shareAt = 0;

  const routes: PlannedRoute[] = [];
  const estimated = estimatedAt(ctx.routing);
  let estimate = ctx.routing.estimate;
  for (const [i, r] of opts.routes.entries()) {
    const team = teamFromOfficers(ctx.officers, r.officerIds, settings, `routes[${i}].officerIds`);
    const visits = visitsOf[i];
    const fees = visits.map(() => shares[shareAt++]);
    // Every stop is the user's: timed even when its only band is the last failed attempt's (and flagged).
    const offers = visits.map((v, k) => offerFor(v, date, settings, { forced: true, enforcementFee: fees[k], holidays: ctx.calendar }));
    const points: Array<[number, number]> = [
      [team.start.lon, team.start.lat],
      [team.end.lon, team.end.lat],
      ...visits.map((v): [number, number] => [v.lon, v.lat]),
    ];
    const who = team.officerIds.join(' and ');
    const labels = [`the start of ${who}`, `the end of ${who}`, ...visits.map((v) => `case ${v.caseRefs.join('+')}`)];
    // The walk: start, the stops in the order given, end (the break is taken where the officer is).
    const walk = [0, ...visits.map((_, k) => 2 + k), 1];
    const matrix = await walkMatrixOfLabelled(ctx.routing, points, labels, walk);
    const vehicle = vehicleFor(team, { start: 0, end: 1 }, clock, { settings, weight });
    const span = shiftSpan([vehicle]);
    const problem: Problem = {
      locationCount: points.length,
      durations: matrix.durations,
      distances: matrix.distances,
      jobs: offers.map((offer, k) => jobFor(visits[k], offer, clock, { location: 2 + k, skills: [], span })),
      vehicles: [vehicle],
    };
    // The window each stop was planned in, by its place in this order.
    const preferred = new Map<number, number>();
    visits.forEach((v, k) => {
      const planned = windowOf.get(v.caseRefs[0]);
      const w = planned ? offers[k].windows.findIndex((x) => x.band === planned.band && hhmm(x.from) === planned.start) : -1;
      if (w >= 0) preferred.set(k, w);
    });
    const timed = timeOrder(
      problem,
      0,
      visits.map((_, k) => k),
      { windows: preferred, breakAfter: breakOf.get(teamKey(r.officerIds)) },
    );
    const routeContext = { team, shiftEnd: vehicle.shift.end, visits, offers, fees, dayStartMs: clock.dayStartMs, zone, check, estimatedAt: estimated };
    routes.push(reportRoute(routeContext, timed.visits, timed.timeline, { planViolations: true, maxVisits: settings.maxVisitsPerRoute }));
    estimate ||= estimated(points[0]) || estimated(points[1]);
  }
  const roads = roadsUsed(ctx.routing);
  return assemblePlan({ date, weight, estimate, roads }, routes, []);
}
