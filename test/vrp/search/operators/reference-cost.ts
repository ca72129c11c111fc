/**
 * The search's penalised cost recomputed from the Problem alone, sharing no code with the search:
 * each route is driven visit by visit from every integer departure time (the test problems have
 * integer times, so the best departure is one of them), with the time-warp convention of the
 * search (arriving after a window's end counts the excess as time warp and goes on from the end).
 *
 * Cost of a route that serves a job: fixed + distance and duration costs - prize (times the value
 * factor of the chosen window) + weighted time warp and excess duration, excess load and excess
 * distance. A required job left out costs UNSERVED_REQUIRED_PENALTY. A route with only breaks is free.
 */
import type { Problem, Route, TimeWindow } from '../../../../solver/vrp/model';
import { UNSERVED_REQUIRED_PENALTY } from '../../../../solver/vrp/search/operators/penalty';

export interface Weights {
  timeWarp: number;
  load: number;
  distance: number;
}

const OPEN: TimeWindow = { start: -Infinity, end: Infinity };

export function referencePenalisedCost(problem: Problem, routes: Route[], weights: Weights): number {
  let total = 0;
  const served = new Set<number>();
  for (const route of routes) {
    total += referenceRouteCost(problem, route, weights);
    for (const visit of route.visits) if (visit >= 0) served.add(visit);
  }
  problem.jobs.forEach((job, j) => {
    if (job.required && !served.has(j)) total += UNSERVED_REQUIRED_PENALTY;
  });
  return total;
}

function referenceRouteCost(problem: Problem, route: Route, weights: Weights): number {
  if (!route.visits.some((visit) => visit >= 0)) return 0;
  const vehicle = problem.vehicles[route.vehicle];
  const n = problem.locationCount;
  let location = vehicle.start;
  let distance = 0;
  let load = 0;
  let prize = 0;
  route.visits.forEach((visit, i) => {
    if (visit < 0) return;
    const job = problem.jobs[visit];
    distance += problem.distances[location * n + job.location];
    location = job.location;
    load += job.demand;
    prize += job.prize * (job.windows.length > 0 ? (job.windows[route.windows![i]].valueFactor ?? 1) : 1);
  });
  distance += problem.distances[location * n + vehicle.end];

  let best = { timeWarp: Infinity, duration: Infinity };
  for (let departure = vehicle.shift.start; departure <= vehicle.shift.end; departure++) {
    const timing = drive(problem, route, departure);
    if (timing.timeWarp < best.timeWarp || (timing.timeWarp === best.timeWarp && timing.duration < best.duration)) best = timing;
  }
  const overDuration = Math.max(0, best.duration - (vehicle.maxDuration ?? Infinity));
  return (
    vehicle.fixedCost +
    vehicle.costPerDistance * distance +
    vehicle.costPerDuration * best.duration -
    prize +
    weights.timeWarp * (best.timeWarp + overDuration) +
    weights.load * Math.max(0, load - vehicle.capacity) +
    weights.distance * Math.max(0, distance - (vehicle.maxDistance ?? Infinity))
  );
}

/** The route from `departure`: breaks where the vehicle is, waiting for windows, warping back from late arrivals. */
function drive(problem: Problem, route: Route, departure: number): { timeWarp: number; duration: number } {
  const vehicle = problem.vehicles[route.vehicle];
  const n = problem.locationCount;
  const shift: TimeWindow = { start: vehicle.shift.start, end: vehicle.shift.end };
  let location = vehicle.start;
  let time = departure;
  let timeWarp = 0;
  const arrive = (window: TimeWindow): void => {
    if (time < window.start) time = window.start;
    if (time > window.end) {
      timeWarp += time - window.end;
      time = window.end;
    }
  };
  route.visits.forEach((visit, i) => {
    const windowIndex = route.windows![i];
    if (visit >= 0) {
      const job = problem.jobs[visit];
      time += problem.durations[location * n + job.location];
      location = job.location;
      arrive(job.windows.length > 0 ? job.windows[windowIndex] : OPEN);
      time += job.service;
    } else {
      const pause = vehicle.breaks[-visit - 1];
      arrive(pause.windows.length > 0 ? pause.windows[windowIndex] : OPEN);
      time += pause.duration;
    }
  });
  time += problem.durations[location * n + vehicle.end];
  arrive(shift);
  // Travel, service and waiting: the clock's advance plus what was warped away.
  return { timeWarp, duration: time - departure + timeWarp };
}
