/**
 * Re-plan the rest of one team's day from where and when it is now: completed stops stay as they
 * were, locked stops open the rest of the route in the user's order (the solver's locked prefix),
 * other teams' cases stay theirs, and everything else open is up for the taking again.
 */
import { localInstant, localParts, parseDate } from './calendar.js';
import { buildDayModel, METRES_PER_MILE, type DayModel, type PlanningContext } from './day-model.js';
import { PlanningInputError } from './errors.js';
import { teamFromOfficers } from './officers.js';
import { legsOfLabelled } from './travel.js';
import { assemblePlan, clock, reportSolution } from './plan-output.js';
import { DEFAULT_REPLAN_TIME_LIMIT_MS, repairToFeasible, searchOptions, warnOnCheckerDisagreement, type SearchOptions } from './plan-day.js';
import { checkSolution } from '../vrp/checker.js';
import { solve } from '../vrp/solve.js';
import type { DayPlan, PlannedRoute } from './types.js';
import type { Solution } from '../vrp/model.js';
import type { Visit } from './visits.js';
import { lawfulContext } from './statutory.js';

export interface ReplanRestOptions extends SearchOptions {
  date: string;
  officerIds: string[];
  /** Now: an ISO date-time and the team's position. */
  from: { time: string; lat: number; lon: number };
  /** Case refs visited already today. */
  done: string[];
  /** Stops (case-ref groups) the user fixed to come next, in order. */
  locked?: string[][];
  current: DayPlan;
  weight?: number;
}

const sameTeam = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

export async function replanRest(given: PlanningContext, opts: ReplanRestOptions): Promise<DayPlan> {
  parseDate(opts.date, given.settings.timeZone, 'date');
  // The law in force that day, whatever the stored settings say (statutory.ts).
  const ctx = lawfulContext(given, opts.date);
  const { settings } = ctx;
  const zone = settings.timeZone;
  if (opts.current.date !== opts.date) throw new PlanningInputError(`current plan is for ${opts.current.date}, not ${opts.date}`, 'date');
  const routeIndex = opts.current.routes.findIndex((r) => sameTeam(r.officerIds, opts.officerIds));
  if (routeIndex < 0) throw new PlanningInputError(`officers ${opts.officerIds.join(', ')} have no route in this plan`, 'officerIds');
  const currentRoute = opts.current.routes[routeIndex];
  const nowMs = Date.parse(opts.from.time);
  if (!Number.isFinite(nowMs)) throw new PlanningInputError(`from.time ${JSON.stringify(opts.from.time)} is not an ISO date-time`, 'from.time');
  if (localParts(opts.from.time, zone, 'from.time').date !== opts.date) {
    throw new PlanningInputError(`from.time ${opts.from.time} is not on the plan's date ${opts.date}`, 'from.time');
  }
  const dayStartMs = localInstant(opts.date, 0, zone);

  const done = new Set(opts.done);
  const locked = (opts.locked ?? []).filter((g) => g.length > 0);
  const exclude = new Set(done);
  opts.current.routes.forEach((r, i) => {
    if (i !== routeIndex) r.stops.forEach((s) => s.caseRefs.forEach((ref) => exclude.add(ref)));
  });
  for (const ref of locked.flat()) {
    if (exclude.has(ref)) throw new PlanningInputError(`locked case ${ref} is done or on another route`, 'locked');
  }

  const team = teamFromOfficers(ctx.officers, opts.officerIds, settings);
  const model = await buildDayModel(ctx, {
    date: opts.date,
    teams: [team],
    weight: opts.weight ?? opts.current.weight,
    exclude,
    force: new Set(locked.flat()),
    from: { seconds: (nowMs - dayStartMs) / 1000, lat: opts.from.lat, lon: opts.from.lon },
  });
  // A locked case now held, barred or needing a crew is reported unplanned with its reason, not visited.
  const leftOut = new Set(model.unplanned.map((u) => u.caseRef));
  const prefix = locked.flatMap((group) => {
    const j = model.visits.findIndex((v) => v.caseRefs.includes(group[0]));
    if (j >= 0) return [j];
    if (group.every((ref) => leftOut.has(ref))) return [];
    throw new PlanningInputError(`locked case ${group[0]} is not an open case`, 'locked');
  });
  if (new Set(prefix).size !== prefix.length) throw new PlanningInputError('two locked stops are the same visit', 'locked');
  model.problem.vehicles[0].lockedPrefix = prefix;
  // Warm start: the search begins from the stops still to make, in their order, and solve() never
  // answers worse than them when they still fit the day from here and now.
  model.problem.initial = withPlannedWindows(
    warmStart(model.visits, currentRoute, done, prefix, model.problem.vehicles[0].breaks.length > 0),
    model,
    currentRoute,
  );

  // The stops already made keep their reported times; their miles are measured along them.
  const doneStops = currentRoute.stops.filter((s) => s.caseRefs.every((ref) => done.has(ref)));
  const path: Array<[number, number]> = [
    [currentRoute.start.lon, currentRoute.start.lat],
    ...doneStops.map((s): [number, number] => [s.lon, s.lat]),
    [opts.from.lon, opts.from.lat],
  ];
  const legs = await legsOfLabelled(ctx.routing, path, [
    'the start of the route',
    ...doneStops.map((s) => `case ${s.caseRefs.join('+')}`),
    'the position the rest of the day is re-planned from',
  ]);
  let doneMetres = 0;
  let doneSeconds = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    doneMetres += legs.distances[i];
    doneSeconds += legs.durations[i];
  }

  const result = solve(model.problem, searchOptions(opts, DEFAULT_REPLAN_TIME_LIMIT_MS));
  warnOnCheckerDisagreement(result);
  // Locked stops are the user's word: when they make the rest of the day infeasible the plan is
  // still returned, with lateness and overruns reported per stop, as evaluation does.
  const repaired = repairToFeasible(model.problem, result.solution);
  const keepsLocks = prefix.every((j) => !repaired.unassigned.includes(j));
  const solution = keepsLocks ? repaired : result.solution;
  const feasible = checkSolution(model.problem, solution).feasible;
  const rest = reportSolution(model, solution, {
    report: {
      planViolations: !feasible,
      doneStops,
      doneMiles: doneMetres / METRES_PER_MILE,
      doneDriveMinutes: doneSeconds / 60,
      startDeparture: currentRoute.start.departure,
    },
  });
  const route = { ...rest.routes[0], start: currentRoute.start };
  const routes = opts.current.routes.map((r, i) => (i === routeIndex ? route : r));
  // The day's unplanned cases this re-plan did not weigh (another team's patch: its officers may
  // not take them) stay listed as the day's plan left them.
  const weighed = new Set([...model.visits.flatMap((v) => v.caseRefs), ...rest.unplanned.map((u) => u.caseRef)]);
  const onRoutes = new Set(routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs)));
  const kept = opts.current.unplanned.filter((u) => !weighed.has(u.caseRef) && !onRoutes.has(u.caseRef));
  const plan = assemblePlan({ date: opts.date, weight: model.weight, estimate: model.estimate, roads: model.roads }, routes, [...rest.unplanned, ...kept]);
  return opts.current.team === undefined ? plan : { ...plan, team: opts.current.team };
}

/**
 * The current route's stops not yet made as a solution of the re-plan's problem (one vehicle): the
 * locked stops first, as the search must keep them, then the others in their planned order, with
 * the break where the route had it (or first, when its place is already behind).
 */
export function warmStart(visits: readonly Visit[], route: PlannedRoute, done: ReadonlySet<string>, prefix: readonly number[], hasBreak: boolean): Solution {
  const jobOf = new Map<string, number>();
  visits.forEach((v, j) => v.caseRefs.forEach((ref) => jobOf.set(ref, j)));
  const taken = new Set(prefix);
  const order: number[] = [...prefix];
  let breakAt = hasBreak ? prefix.length : -1;
  route.stops.forEach((stop, i) => {
    if (hasBreak && route.breakAfter !== undefined && i === route.breakAfter) breakAt = order.length;
    if (stop.caseRefs.every((ref) => done.has(ref))) return;
    const j = jobOf.get(stop.caseRefs[0]);
    if (j === undefined || taken.has(j)) return;
    taken.add(j);
    order.push(j);
  });
  if (hasBreak && route.breakAfter !== undefined && route.breakAfter >= route.stops.length) breakAt = order.length;
  const routeVisits = breakAt >= 0 ? [...order.slice(0, breakAt), -1, ...order.slice(breakAt)] : order;
  return { routes: [{ vehicle: 0, visits: routeVisits }], unassigned: visits.map((_, j) => j).filter((j) => !taken.has(j)) };
}

/**
 * Each stop of the warm start in the window it was planned in (the stop reports its band and
 * times, and the offer's windows are the job's, index for index). Without this every stop would
 * take its earliest window, and a plan that waited for a more valuable evening window would start
 * the search below its own worth. A stop whose window is gone (the day changed) is left to the
 * search: the route then takes its earliest windows, as before.
 */
function withPlannedWindows(start: Solution, model: DayModel, route: PlannedRoute): Solution {
  const stopOf = new Map(route.stops.flatMap((s) => s.caseRefs.map((ref) => [ref, s] as const)));
  const windowOf = model.visits.map((visit, j) => {
    const stop = visit.caseRefs.map((ref) => stopOf.get(ref)).find((s) => s !== undefined);
    if (!stop) return -1;
    return model.offers[j].windows.findIndex((w) => w.band === stop.window.band && clock(w.from) === stop.window.start && clock(w.to) === stop.window.end);
  });
  const routes = start.routes.map((r) => {
    const breaks = model.problem.vehicles[r.vehicle].breaks;
    const windows = r.visits.map((v) => (v >= 0 ? windowOf[v] : breaks[0]?.windows.length === 1 ? 0 : -1));
    return windows.every((w) => w >= 0) ? { ...r, windows } : r;
  });
  return { ...start, routes };
}
