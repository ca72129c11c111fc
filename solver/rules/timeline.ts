/**
 * A route walked in time, taken from the optimiser's own plan-mode evaluation
 * (solver/vrp/evaluate-route.ts: arrival, wait, window, lateness, the departure delayed to avoid
 * waiting) so that plans, manual orders and the checker all time a route the same way. Times in
 * seconds after the plan day's local midnight, distances in metres.
 */
import { evaluateRoute, TIME_TOLERANCE, type RouteReport, type RouteViolation } from '../vrp/evaluate-route.js';
import { matrixEntry, type Problem } from '../vrp/model.js';

export interface TimelineEntry {
  arrival: number;
  start: number;
  departure: number;
  wait: number;
  /** Seconds the start is past the window's end (0 when on time). */
  lateness: number;
  /** Index of the window used; -1 for a job with no windows. */
  window: number;
}

export interface Timeline {
  departure: number;
  /** One per visit of the route (jobs and breaks), in order. */
  entries: TimelineEntry[];
  endArrival: number;
  distance: number;
  /** Seconds spent driving. */
  drive: number;
  violations: RouteViolation[];
}

export function walkRoute(problem: Problem, vehicleIndex: number, visits: number[], windows?: number[]): Timeline {
  const report = evaluateRoute(problem, vehicleIndex, visits, windows);
  const vehicle = problem.vehicles[vehicleIndex];
  let drive = 0;
  let at = vehicle.start;
  for (const v of visits) {
    if (v < 0) continue;
    const next = problem.jobs[v].location;
    drive += matrixEntry(problem, problem.durations, at, next);
    at = next;
  }
  drive += matrixEntry(problem, problem.durations, at, vehicle.end);
  return {
    departure: report.departure,
    entries: report.visits.map((v) => ({
      arrival: v.arrival,
      start: v.start,
      departure: v.departure,
      wait: v.wait,
      lateness: v.lateness,
      window: v.window ?? -1,
    })),
    endArrival: report.arrival,
    distance: report.distance,
    drive,
    violations: report.violations,
  };
}

/** Timing problems of a walk: a late visit, a late break, a return after the shift. */
function timingScore(report: RouteReport): [number, number, number, number] {
  const timing = report.violations.filter((v) => v.code === 'late' || v.code === 'break-late' || v.code === 'shift-end');
  return [timing.length, timing.reduce((s, v) => s + (v.amount ?? 0), 0), -report.value, report.arrival];
}

function better(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/**
 * The window of each visit of `order`: the preferred one (per job) when service can still start
 * in it, given the windows before; else the earliest that can be met on arrival (undefined).
 * Windows are chosen leaving at the shift start, as evaluateRoute chooses them, and a later
 * departure never makes an on-time visit late, so the choice holds for the route as walked.
 */
function resolveWindows(problem: Problem, vehicleIndex: number, order: number[], preferred: ReadonlyMap<number, number>): Array<number | undefined> {
  const windows = new Array<number | undefined>(order.length).fill(undefined);
  order.forEach((visit, i) => {
    const want = visit >= 0 ? preferred.get(visit) : undefined;
    if (want === undefined) return;
    windows[i] = want;
    const prefix = evaluateRoute(problem, vehicleIndex, order.slice(0, i + 1), windows.slice(0, i + 1) as number[]);
    if (prefix.visits[i].lateness > TIME_TOLERANCE) windows[i] = undefined;
  });
  return windows;
}

export interface TimedOrder {
  /** Job indexes in the order given, with the vehicle's first break (-1) where it goes. */
  visits: number[];
  /** Window per visit; undefined where the earliest one that can be met is taken. */
  windows: Array<number | undefined>;
  timeline: Timeline;
}

/**
 * Times an order of jobs as a plan does: each visit in the window it was planned in while that can
 * still be met (`preferred`, by job), and the break after `breakAfter` jobs while that leaves the
 * order on time; otherwise the break goes where it costs least (fewest and smallest timing
 * problems, then the most value, then the earliest return), trying every gap. The planner's own
 * routes, with their windows and break, come back exactly as planned.
 */
export function timeOrder(
  problem: Problem,
  vehicleIndex: number,
  jobs: number[],
  prefs: { windows?: ReadonlyMap<number, number>; breakAfter?: number } = {},
): TimedOrder {
  const preferred = prefs.windows ?? new Map<number, number>();
  const vehicle = problem.vehicles[vehicleIndex];
  const attempt = (order: number[]) => {
    const windows = resolveWindows(problem, vehicleIndex, order, preferred);
    const report = evaluateRoute(problem, vehicleIndex, order, windows as number[]);
    return { order, windows, report, score: timingScore(report) };
  };
  const done = (best: ReturnType<typeof attempt>): TimedOrder => ({
    visits: best.order,
    windows: best.windows,
    timeline: walkRoute(problem, vehicleIndex, best.order, best.windows as number[]),
  });
  if (vehicle.breaks.length === 0 || jobs.length === 0) return done(attempt(jobs));
  const withBreakAt = (k: number) => [...jobs.slice(0, k), -1, ...jobs.slice(k)];
  if (prefs.breakAfter !== undefined && prefs.breakAfter >= 0 && prefs.breakAfter <= jobs.length) {
    const kept = attempt(withBreakAt(prefs.breakAfter));
    if (kept.score[0] === 0) return done(kept);
  }
  let best = attempt(withBreakAt(0));
  for (let k = 1; k <= jobs.length; k++) {
    const next = attempt(withBreakAt(k));
    if (better(next.score, best.score)) best = next;
  }
  return done(best);
}

/** Jobs before the first break in a route's visits (undefined without a break). */
export function breakPosition(visits: readonly number[]): number | undefined {
  const at = visits.findIndex((v) => v < 0);
  return at < 0 ? undefined : visits.slice(0, at).filter((v) => v >= 0).length;
}
