/**
 * A route walked in time, taken from the optimiser's own plan-mode evaluation
 * (solver/vrp/evaluate-route.ts: arrival, wait, window, lateness, the departure delayed to avoid
 * waiting) so that plans, manual orders and the checker all time a route the same way. Times in
 * seconds after the plan day's local midnight, distances in metres.
 */
import { evaluateRoute, type RouteViolation } from '../vrp/evaluate-route.js';
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

/**
 * A manual order names stops, not the break: the vehicle's first break goes where it costs least
 * (fewest and smallest violations, then the earliest return), trying every gap of the order. The
 * planner's own order therefore evaluates as feasibly as the solver planned it.
 */
export function withBreak(problem: Problem, vehicleIndex: number, jobs: number[]): number[] {
  const vehicle = problem.vehicles[vehicleIndex];
  if (vehicle.breaks.length === 0 || jobs.length === 0) return jobs;
  let best = jobs;
  let bestScore: [number, number, number] = [Infinity, Infinity, Infinity];
  for (let k = 0; k <= jobs.length; k++) {
    const order = [...jobs.slice(0, k), -1, ...jobs.slice(k)];
    const report = evaluateRoute(problem, vehicleIndex, order);
    const timing = report.violations.filter((v) => v.code === 'late' || v.code === 'break-late' || v.code === 'shift-end');
    const score: [number, number, number] = [timing.length, timing.reduce((s, v) => s + (v.amount ?? 0), 0), report.arrival];
    if (score[0] < bestScore[0] || (score[0] === bestScore[0] && (score[1] < bestScore[1] || (score[1] === bestScore[1] && score[2] < bestScore[2])))) {
      best = order;
      bestScore = score;
    }
  }
  return best;
}
