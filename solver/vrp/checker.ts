/**
 * The independent solution checker: recomputes feasibility and the objective of a solution from
 * the problem and the routes alone. It shares no code with the search (it times routes with
 * evaluate-route.ts, which the search does not use), so a bug in the search's O(1) segment
 * evaluation cannot hide itself here. Every benchmark and test result goes through it.
 *
 * Checks: the solution's shape; every vehicle and job index valid; each vehicle used by at most
 * one route; each job served at most once, required jobs exactly once, and `unassigned` listing
 * exactly the jobs not served; vehicles with a locked prefix have their route; the served jobs of
 * each same-vehicle group on one route; and every route-level rule of evaluate-route (windows,
 * capacity, shift, limits, skills, pins, breaks).
 */
import { evaluateRoute, type RouteReport, type RouteViolationCode } from './evaluate-route';
import type { Problem, Solution } from './model';

export type ViolationCode =
  | RouteViolationCode
  | 'malformed'
  | 'unknown-vehicle'
  | 'vehicle-reused'
  | 'windows-length'
  | 'duplicate'
  | 'missing-required'
  | 'served-and-unassigned'
  | 'unaccounted'
  | 'same-vehicle';

export interface Violation {
  /** Index into solution.routes. */
  route?: number;
  /** Position in that route's visits. */
  visit?: number;
  job?: number;
  code: ViolationCode;
  message: string;
}

export interface CheckResult {
  feasible: boolean;
  violations: Violation[];
  /** As defined in model.ts: routing costs minus collected value. */
  objective: number;
  distance: number;
  duration: number;
  /** Value collected (prize times window value factor, summed). */
  prize: number;
  /** Routing cost: fixed, distance and duration costs of the used vehicles. */
  cost: number;
  /** Number of routes that serve at least one job. */
  vehicles: number;
  /** The report of each route, in solution order (null when its vehicle does not exist). */
  routes: (RouteReport | null)[];
}

export function checkSolution(problem: Problem, solution: Solution): CheckResult {
  const violations: Violation[] = [];
  const routes: (RouteReport | null)[] = [];
  if (!Array.isArray(solution?.routes) || !Array.isArray(solution?.unassigned)) {
    violations.push({ code: 'malformed', message: 'a solution needs a routes array and an unassigned array' });
    return summarise(violations, routes);
  }

  const served = new Array<number>(problem.jobs.length).fill(0);
  const routeOfVehicle = new Map<number, number>();
  solution.routes.forEach((route, routeIndex) => {
    const vehicle = route?.vehicle;
    if (!Array.isArray(route?.visits)) {
      violations.push({ route: routeIndex, code: 'malformed', message: `route ${routeIndex} has no visits array` });
      routes.push(null);
      return;
    }
    if (!Number.isInteger(vehicle) || vehicle < 0 || vehicle >= problem.vehicles.length) {
      violations.push({
        route: routeIndex,
        code: 'unknown-vehicle',
        message: `route ${routeIndex} names vehicle ${vehicle}, which does not exist (the problem has ${problem.vehicles.length})`,
      });
      routes.push(null);
      return;
    }
    const earlier = routeOfVehicle.get(vehicle);
    if (earlier !== undefined) {
      violations.push({
        route: routeIndex,
        code: 'vehicle-reused',
        message: `vehicle ${problem.vehicles[vehicle].id} drives route ${earlier} and route ${routeIndex}`,
      });
    }
    routeOfVehicle.set(vehicle, routeIndex);
    if (route.windows !== undefined && route.windows.length !== route.visits.length) {
      violations.push({
        route: routeIndex,
        code: 'windows-length',
        message: `route ${routeIndex} chooses ${route.windows.length} windows for ${route.visits.length} visits`,
      });
    }
    for (const visit of route.visits) {
      if (Number.isInteger(visit) && visit >= 0 && visit < problem.jobs.length) served[visit] += 1;
    }
    const report = evaluateRoute(problem, vehicle, route.visits, route.windows);
    routes.push(report);
    for (const violation of report.violations) {
      // Repeated jobs are reported once per job below, across all routes.
      if (violation.code === 'duplicate-visit') continue;
      violations.push({
        route: routeIndex,
        visit: violation.position,
        job: violation.job,
        code: violation.code,
        message: `route ${routeIndex}: ${violation.message}`,
      });
    }
  });

  problem.vehicles.forEach((vehicle, index) => {
    if ((vehicle.lockedPrefix?.length ?? 0) > 0 && !routeOfVehicle.has(index)) {
      violations.push({ code: 'locked-prefix', message: `vehicle ${vehicle.id} has locked jobs [${vehicle.lockedPrefix!.join(', ')}] but no route` });
    }
  });

  const listed = new Array<number>(problem.jobs.length).fill(0);
  for (const job of solution.unassigned) {
    if (!Number.isInteger(job) || job < 0 || job >= problem.jobs.length) {
      violations.push({ code: 'unknown-job', message: `unassigned lists job ${job}, which does not exist (the problem has ${problem.jobs.length} jobs)` });
      continue;
    }
    listed[job] += 1;
  }
  problem.jobs.forEach((job, index) => {
    const name = `job ${index} (id ${job.id})`;
    if (served[index] > 1) violations.push({ job: index, code: 'duplicate', message: `${name} is served ${served[index]} times` });
    if (served[index] === 0 && job.required) violations.push({ job: index, code: 'missing-required', message: `${name} is required but not served` });
    if (served[index] > 0 && listed[index] > 0)
      violations.push({ job: index, code: 'served-and-unassigned', message: `${name} is served and also listed as unassigned` });
    if (served[index] === 0 && listed[index] === 0 && !job.required)
      violations.push({ job: index, code: 'unaccounted', message: `${name} is neither served nor listed as unassigned` });
  });
  violations.push(...sameVehicleViolations(problem, solution));
  return summarise(violations, routes);
}

/** A same-vehicle group served by several routes: each job off the first route it appears on is named. */
function sameVehicleViolations(problem: Problem, solution: Solution): Violation[] {
  const routeOf = new Map<number, number>();
  solution.routes.forEach((route, r) => {
    if (Array.isArray(route?.visits)) for (const v of route.visits) if (Number.isInteger(v) && v >= 0 && !routeOf.has(v)) routeOf.set(v, r);
  });
  const out: Violation[] = [];
  (problem.sameVehicle ?? []).forEach((group, s) => {
    if (!Array.isArray(group) || group.some((j) => !Number.isInteger(j) || j < 0 || j >= problem.jobs.length)) {
      out.push({ code: 'malformed', message: `sameVehicle[${s}] names a job that does not exist` });
      return;
    }
    const served = group.filter((j) => routeOf.has(j));
    if (served.length < 2) return;
    const first = routeOf.get(served[0])!;
    for (const j of served) {
      const r = routeOf.get(j)!;
      if (r === first) continue;
      out.push({
        route: r,
        job: j,
        code: 'same-vehicle',
        message: `job ${j} (id ${problem.jobs[j].id}) is on route ${r}, its same-vehicle group's job ${served[0]} on route ${first}`,
      });
    }
  });
  return out;
}

function summarise(violations: Violation[], routes: (RouteReport | null)[]): CheckResult {
  let distance = 0;
  let duration = 0;
  let prize = 0;
  let cost = 0;
  let vehicles = 0;
  for (const report of routes) {
    if (report === null || !report.used) continue;
    distance += report.distance;
    duration += report.duration;
    prize += report.value;
    cost += report.cost;
    vehicles += 1;
  }
  return { feasible: violations.length === 0, violations, objective: cost - prize, distance, duration, prize, cost, vehicles, routes };
}
