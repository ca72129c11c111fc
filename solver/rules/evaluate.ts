/**
 * Plan mode: the officer's own order, walked in time and checked, never refused. Each stop is the
 * cases given for it (normally one debtor's cases at one address); statutory checks, lateness and
 * shift overruns are reported per stop. The break goes wherever in the order it fits best.
 */
import { daysBetween, limitMonths, limitStart } from './eligibility.js';
import { checkContext, secondsAt, type PlanningContext } from './day-model.js';
import { lastLawfulDay, localInstant, parseDate } from './calendar.js';
import { PlanningInputError } from './errors.js';
import { teamFromOfficers } from './officers.js';
import { assemblePlan, reportRoute } from './plan-output.js';
import { visitOffer } from './recovery.js';
import { walkRoute, withBreak } from './timeline.js';
import type { Problem } from '../vrp/model.js';
import type { Case, DayPlan, PlannedRoute } from './types.js';
import { visitOf } from './visits.js';
import { lawfulContext } from './statutory.js';
import { estimatedAt, roadsUsed, walkMatrixOfLabelled } from './travel.js';

export interface EvaluateRoutesOptions {
  date: string;
  weight?: number;
  routes: Array<{ officerIds: string[]; caseRefs: string[][] }>;
}

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
  const dayStartMs = localInstant(date, 0, zone);
  const sec = (minutes: number) => secondsAt(date, minutes, zone, dayStartMs);
  const check = checkContext(ctx, date);
  const daysLeft = (c: Case) => daysBetween(date, lastLawfulDay(limitStart(c), limitMonths(c, settings)));

  const routes: PlannedRoute[] = [];
  const estimated = estimatedAt(ctx.routing);
  let estimate = ctx.routing.estimate;
  for (const [i, r] of opts.routes.entries()) {
    const team = teamFromOfficers(ctx.officers, r.officerIds, settings, `routes[${i}].officerIds`);
    const visits = r.caseRefs
      .filter((stop) => stop.length > 0)
      .map((stop) =>
        visitOf(
          stop.map((ref) => byRef.get(ref)!),
          daysLeft,
        ),
      );
    // Timed like a plan: a repeat attempt waits for another band; only when the day has no other
    // band is it timed in the last failed one (and flagged).
    const offers = visits.map((v) => {
      const offer = visitOffer(v, date, settings, { holidays: ctx.calendar });
      return offer.windows.length > 0 ? offer : visitOffer(v, date, settings, { holidays: ctx.calendar, avoidLastBand: false });
    });
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
    const problem: Problem = {
      locationCount: points.length,
      durations: matrix.durations,
      distances: matrix.distances,
      jobs: offers.map((offer, k) => ({
        id: visits[k].id,
        location: 2 + k,
        service: offer.serviceMinutes * 60,
        // No lawful window that day: a window no arrival can meet, so the stop is reported late.
        windows:
          offer.windows.length > 0
            ? offer.windows.map((w) => ({ start: sec(w.from), end: sec(w.latestStart), valueFactor: w.contact }))
            : [{ start: -1, end: -1 }],
        prize: offer.prize,
        required: true,
        demand: 0,
        skills: [],
      })),
      vehicles: [
        {
          id: team.officerIds.join('+'),
          start: 0,
          end: 1,
          shift: { start: sec(team.shiftStart), end: sec(team.shiftEnd) },
          breaks:
            team.breakMinutes > 0
              ? [{ id: 'break', duration: team.breakMinutes * 60, windows: [{ start: sec(team.breakWindow.start), end: sec(team.breakWindow.end) }] }]
              : [],
          skills: team.skills,
          capacity: 0,
          costPerDistance: 0,
          costPerDuration: 0,
          fixedCost: 0,
        },
      ],
    };
    const order = withBreak(
      problem,
      0,
      visits.map((_, k) => k),
    );
    const timeline = walkRoute(problem, 0, order);
    const routeContext = { team, shiftEnd: sec(team.shiftEnd), visits, offers, dayStartMs, zone, check, estimatedAt: estimated };
    routes.push(reportRoute(routeContext, order, timeline, { planViolations: true }));
    estimate ||= estimated(points[0]) || estimated(points[1]);
  }
  const roads = roadsUsed(ctx.routing);
  return assemblePlan({ date, weight: opts.weight ?? settings.defaultWeight, estimate, roads }, routes, []);
}
