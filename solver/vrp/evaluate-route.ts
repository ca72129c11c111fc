/**
 * "Plan mode" (after VROOM): simulate one vehicle's route in the order given and report, per
 * visit, when the vehicle arrives, waits, starts and leaves, which window it uses and what value it
 * collects, plus every rule the route breaks. It never refuses an order: a manual reorder by an
 * officer is shown with its consequences, not rejected.
 *
 * Timing rules (model.ts):
 * - Service starts at max(arrival, window start). Arriving after the window's end is a `late`
 *   violation; service then starts on arrival (no time travel), so later times stay realistic.
 * - The window is Route.windows[i] when given; otherwise the earliest window whose end can still
 *   be met on arrival (the last window, reported late, when none can).
 * - A break (visit < 0) is taken where the vehicle is: no travel, its duration as service.
 * - Value = prize * valueFactor of the window service starts in; a late visit collects nothing.
 *
 * Departure time: the vehicle may leave its start later than shift.start to avoid waiting. The
 * route is simulated once leaving at shift.start, which fixes each visit's window and the
 * earliest possible return. Then departure is delayed by the largest delta that (a) keeps the
 * return time (delta within the total waiting) and (b) makes no visit later than its window end
 * (for a visit already late: no later than it already is). Within that bound each visit's delay
 * is delta minus the waiting before it, so (a) and (b) are exact; delaying further cannot shorten
 * the route, since every extra unit of delay reaches the end. The reported duration is therefore
 * the least over all departure times that keep the chosen windows and add no lateness.
 *
 * An unused route (no job visits) costs nothing and needs no breaks.
 */
import type { Problem, TimeWindow } from './model';
import { matrixEntry } from './model';

/** Float sums of rounded arcs (0.1 steps) are not exact; differences below this are no violation. */
export const TIME_TOLERANCE = 1e-6;

export type RouteViolationCode =
  | 'unknown-job'
  | 'unknown-break'
  | 'unknown-window'
  | 'duplicate-visit'
  | 'unreachable'
  | 'late'
  | 'break-late'
  | 'break-missing'
  | 'break-duplicate'
  | 'capacity'
  | 'shift-end'
  | 'max-duration'
  | 'max-distance'
  | 'skill-missing'
  | 'vehicle-not-allowed'
  | 'locked-prefix';

export interface RouteViolation {
  code: RouteViolationCode;
  message: string;
  /** Position in the route's visit list, when the violation belongs to one visit. */
  position?: number;
  job?: number;
  /** Break number of the vehicle. */
  break?: number;
  /** How far over: time late, load over capacity, time or distance over the limit. */
  amount?: number;
}

export interface VisitReport {
  /** The entry of the visit list: a job index, or -(break number) - 1. */
  visit: number;
  kind: 'job' | 'break' | 'unknown';
  /** Where the visit happens: the job's location, or where the vehicle is for a break (-1 unknown). */
  location: number;
  arrival: number;
  wait: number;
  start: number;
  departure: number;
  /** Index of the job's or break's window used; null when it has no windows (any time). */
  window: number | null;
  value: number;
  /** Time after the window's end at which service started (0 when on time). */
  lateness: number;
  /** Load on board after this visit (sum of demands served so far). */
  load: number;
}

export interface RouteReport {
  vehicle: number;
  /** True when the route serves at least one job. */
  used: boolean;
  visits: VisitReport[];
  /** When the vehicle leaves its start and reaches its end. */
  departure: number;
  arrival: number;
  distance: number;
  duration: number;
  /** fixedCost + costPerDistance * distance + costPerDuration * duration (0 when unused). */
  cost: number;
  /** Sum of the values collected. */
  value: number;
  load: number;
  violations: RouteViolation[];
}

interface Stop {
  visit: number;
  kind: VisitReport['kind'];
  job: number;
  breakNumber: number;
  location: number;
  service: number;
  windows: TimeWindow[];
}

const ANY_TIME: TimeWindow = { start: -Infinity, end: Infinity };

/**
 * Simulates `visits` on vehicle `vehicleIndex`. `windows` (optional) gives the chosen window per
 * visit, as Route.windows. Throws RangeError only for a vehicle index that does not exist.
 */
export function evaluateRoute(problem: Problem, vehicleIndex: number, visits: readonly number[], windows?: readonly number[]): RouteReport {
  const vehicle = problem.vehicles[vehicleIndex];
  if (!Number.isInteger(vehicleIndex) || vehicle === undefined) {
    throw new RangeError(`vehicle ${vehicleIndex} does not exist (the problem has ${problem.vehicles.length})`);
  }
  const violations: RouteViolation[] = [];
  const stops = visits.map((visit, position) => resolveStop(problem, vehicleIndex, visit, position, violations));
  const used = stops.some((stop) => stop.kind === 'job');

  // First pass: leave at shift start; choose each visit's window.
  const chosen = stops.map((stop, position) => requestedWindow(stop, position, windows, violations));
  const early = simulate(problem, vehicleIndex, stops, chosen, vehicle.shift.start, null);
  const delay = departureDelay(early.timing, early.latestStart);
  const final = simulate(problem, vehicleIndex, stops, early.chosen, vehicle.shift.start + delay, violations);

  const reports: VisitReport[] = [];
  let load = 0;
  let value = 0;
  let capacityReported = false;
  const seenJobs = new Set<number>();
  const breakCounts = new Array<number>(vehicle.breaks.length).fill(0);
  stops.forEach((stop, position) => {
    const timing = final.timing[position];
    const windowIndex = final.chosen[position];
    const window = windowIndex === null ? ANY_TIME : stop.windows[windowIndex];
    let visitValue = 0;
    if (stop.kind === 'job') {
      const job = problem.jobs[stop.job];
      load += job.demand;
      if (!capacityReported && load > vehicle.capacity + TIME_TOLERANCE) {
        capacityReported = true;
        violations.push({
          code: 'capacity',
          position,
          job: stop.job,
          amount: load - vehicle.capacity,
          message: `load ${load} exceeds capacity ${vehicle.capacity} of vehicle ${vehicle.id} at job ${describeJob(problem, stop.job)}`,
        });
      }
      if (seenJobs.has(stop.job)) {
        violations.push({
          code: 'duplicate-visit',
          position,
          job: stop.job,
          message: `job ${describeJob(problem, stop.job)} is visited again at position ${position}`,
        });
      }
      seenJobs.add(stop.job);
      checkJobEligibility(problem, vehicleIndex, stop.job, position, violations);
      if (timing.lateness <= TIME_TOLERANCE) visitValue = job.prize * (window.valueFactor ?? 1);
    } else if (stop.kind === 'break') {
      breakCounts[stop.breakNumber] += 1;
      if (breakCounts[stop.breakNumber] === 2) {
        violations.push({
          code: 'break-duplicate',
          position,
          break: stop.breakNumber,
          message: `break ${vehicle.breaks[stop.breakNumber].id} of vehicle ${vehicle.id} is taken more than once`,
        });
      }
    }
    value += visitValue;
    reports.push({
      visit: stop.visit,
      kind: stop.kind,
      location: stop.kind === 'unknown' ? -1 : final.locations[position],
      arrival: timing.arrival,
      wait: timing.start - timing.arrival,
      start: timing.start,
      departure: timing.start + stop.service,
      window: windowIndex,
      value: visitValue,
      lateness: timing.lateness,
      load,
    });
  });

  if (used) {
    breakCounts.forEach((count, breakNumber) => {
      if (count === 0) {
        violations.push({
          code: 'break-missing',
          break: breakNumber,
          message: `break ${vehicle.breaks[breakNumber].id} of vehicle ${vehicle.id} is not taken`,
        });
      }
    });
  }
  checkLockedPrefix(problem, vehicleIndex, stops, violations);

  const departure = vehicle.shift.start + delay;
  const distance = used ? final.distance : 0;
  const duration = used ? final.endArrival - departure : 0;
  if (used) {
    if (final.endArrival > vehicle.shift.end + TIME_TOLERANCE) {
      violations.push({
        code: 'shift-end',
        amount: final.endArrival - vehicle.shift.end,
        message: `vehicle ${vehicle.id} is back at ${final.endArrival}, after its shift end ${vehicle.shift.end}`,
      });
    }
    if (vehicle.maxDuration !== undefined && duration > vehicle.maxDuration + TIME_TOLERANCE) {
      violations.push({
        code: 'max-duration',
        amount: duration - vehicle.maxDuration,
        message: `route duration ${duration} exceeds the maximum ${vehicle.maxDuration} of vehicle ${vehicle.id}`,
      });
    }
    if (vehicle.maxDistance !== undefined && distance > vehicle.maxDistance + TIME_TOLERANCE) {
      violations.push({
        code: 'max-distance',
        amount: distance - vehicle.maxDistance,
        message: `route distance ${distance} exceeds the maximum ${vehicle.maxDistance} of vehicle ${vehicle.id}`,
      });
    }
  }
  const cost = used ? vehicle.fixedCost + vehicle.costPerDistance * distance + vehicle.costPerDuration * duration : 0;
  return {
    vehicle: vehicleIndex,
    used,
    visits: reports,
    departure,
    arrival: used ? final.endArrival : departure,
    distance,
    duration,
    cost,
    value,
    load,
    violations,
  };
}

function describeJob(problem: Problem, job: number): string {
  return `${job} (id ${problem.jobs[job].id})`;
}

function resolveStop(problem: Problem, vehicleIndex: number, visit: number, position: number, violations: RouteViolation[]): Stop {
  const vehicle = problem.vehicles[vehicleIndex];
  const unknown: Stop = { visit, kind: 'unknown', job: -1, breakNumber: -1, location: -1, service: 0, windows: [] };
  if (!Number.isInteger(visit)) {
    violations.push({ code: 'unknown-job', position, message: `visit ${visit} at position ${position} is not an integer` });
    return unknown;
  }
  if (visit >= 0) {
    const job = problem.jobs[visit];
    if (job === undefined) {
      violations.push({
        code: 'unknown-job',
        position,
        message: `job ${visit} at position ${position} does not exist (the problem has ${problem.jobs.length} jobs)`,
      });
      return unknown;
    }
    return { visit, kind: 'job', job: visit, breakNumber: -1, location: job.location, service: job.service, windows: job.windows };
  }
  const breakNumber = -visit - 1;
  const pause = vehicle.breaks[breakNumber];
  if (pause === undefined) {
    violations.push({
      code: 'unknown-break',
      position,
      break: breakNumber,
      message: `break ${breakNumber} at position ${position} does not exist (vehicle ${vehicle.id} has ${vehicle.breaks.length})`,
    });
    return unknown;
  }
  return { visit, kind: 'break', job: -1, breakNumber, location: -1, service: pause.duration, windows: pause.windows };
}

/** The window the caller chose for this visit, or undefined to choose on arrival. */
function requestedWindow(stop: Stop, position: number, windows: readonly number[] | undefined, violations: RouteViolation[]): number | null | undefined {
  if (stop.windows.length === 0) return null;
  const requested = windows?.[position];
  if (requested === undefined) return undefined;
  if (!Number.isInteger(requested) || requested < 0 || requested >= stop.windows.length) {
    violations.push({
      code: 'unknown-window',
      position,
      job: stop.kind === 'job' ? stop.job : undefined,
      message: `window ${requested} chosen at position ${position} does not exist (it has ${stop.windows.length}); the earliest reachable one is used`,
    });
    return undefined;
  }
  return requested;
}

interface Timing {
  arrival: number;
  start: number;
  lateness: number;
}

interface Simulation {
  timing: Timing[];
  chosen: (number | null)[];
  /** Per visit, the latest service start that is not late (Infinity without windows). */
  latestStart: number[];
  /** Where the vehicle is at each visit (a break's is that of the visit before it). */
  locations: number[];
  distance: number;
  endArrival: number;
}

/**
 * Drives the route from `departure`. A visit whose window is undefined takes the earliest window
 * still open on arrival. Reports unreachable legs when `violations` is given (the second pass),
 * and drives them as zero-length so that the rest of the route is still timed.
 */
function simulate(
  problem: Problem,
  vehicleIndex: number,
  stops: Stop[],
  requested: (number | null | undefined)[],
  departure: number,
  violations: RouteViolation[] | null,
): Simulation {
  const vehicle = problem.vehicles[vehicleIndex];
  const timing: Timing[] = [];
  const chosen: (number | null)[] = [];
  const latestStart: number[] = [];
  const locations: number[] = [];
  let time = departure;
  let location = vehicle.start;
  let distance = 0;

  const drive = (to: number, position: number | null): void => {
    const travel = matrixEntry(problem, problem.durations, location, to);
    const length = matrixEntry(problem, problem.distances, location, to);
    if (!Number.isFinite(travel) || !Number.isFinite(length)) {
      violations?.push({
        code: 'unreachable',
        position: position ?? undefined,
        message: `location ${to} cannot be reached from location ${location}${position === null ? ' (the end of the route)' : ` (position ${position})`}`,
      });
    } else {
      time += travel;
      distance += length;
    }
    location = to;
  };

  stops.forEach((stop, position) => {
    if (stop.kind === 'job') drive(stop.location, position);
    const arrival = time;
    let windowIndex = requested[position];
    if (windowIndex === undefined) windowIndex = earliestReachableWindow(stop.windows, arrival);
    const window = windowIndex === null ? ANY_TIME : stop.windows[windowIndex];
    const lateness = Math.max(0, arrival - window.end);
    const start = Math.max(arrival, window.start);
    timing.push({ arrival, start, lateness });
    chosen.push(windowIndex);
    latestStart.push(window.end);
    locations.push(location);
    time = start + stop.service;
    if (stop.kind === 'break' && lateness > TIME_TOLERANCE) {
      violations?.push({
        code: 'break-late',
        position,
        break: stop.breakNumber,
        amount: lateness,
        message: `break ${vehicle.breaks[stop.breakNumber].id} of vehicle ${vehicle.id} starts at ${start}, after its window ends at ${window.end}`,
      });
    } else if (stop.kind === 'job' && lateness > TIME_TOLERANCE) {
      const which = stop.windows.length === 1 ? 'its window' : requested[position] === undefined ? 'every window' : `window ${windowIndex}`;
      violations?.push({
        code: 'late',
        position,
        job: stop.job,
        amount: lateness,
        message: `job ${describeJob(problem, stop.job)} starts at ${start}, ${lateness} after ${which} closed at ${window.end}`,
      });
    }
  });
  drive(vehicle.end, null);
  return { timing, chosen, latestStart, locations, distance, endArrival: time };
}

function earliestReachableWindow(windows: TimeWindow[], arrival: number): number | null {
  if (windows.length === 0) return null;
  const index = windows.findIndex((window) => window.end + TIME_TOLERANCE >= arrival);
  return index >= 0 ? index : windows.length - 1;
}

/** The largest departure delay that keeps the return time and adds no lateness (see top). */
function departureDelay(timing: Timing[], latestStart: number[]): number {
  let waitingBefore = 0;
  let delay = Infinity;
  timing.forEach(({ arrival, start }, position) => {
    delay = Math.min(delay, waitingBefore + Math.max(0, latestStart[position] - arrival));
    waitingBefore += start - arrival;
  });
  return Math.max(0, Math.min(delay, waitingBefore));
}

function checkJobEligibility(problem: Problem, vehicleIndex: number, jobIndex: number, position: number, violations: RouteViolation[]): void {
  const job = problem.jobs[jobIndex];
  const vehicle = problem.vehicles[vehicleIndex];
  const missing = job.skills.filter((skill) => !vehicle.skills.includes(skill));
  if (missing.length > 0) {
    violations.push({
      code: 'skill-missing',
      position,
      job: jobIndex,
      message: `vehicle ${vehicle.id} lacks skill(s) ${missing.join(', ')} needed by job ${describeJob(problem, jobIndex)}`,
    });
  }
  if (job.allowedVehicles !== undefined && !job.allowedVehicles.includes(vehicleIndex)) {
    violations.push({
      code: 'vehicle-not-allowed',
      position,
      job: jobIndex,
      message: `job ${describeJob(problem, jobIndex)} may not be served by vehicle ${vehicle.id}`,
    });
  }
}

/** The locked jobs must open the route in order; breaks between them do not count. */
function checkLockedPrefix(problem: Problem, vehicleIndex: number, stops: Stop[], violations: RouteViolation[]): void {
  const vehicle = problem.vehicles[vehicleIndex];
  const locked = vehicle.lockedPrefix ?? [];
  if (locked.length === 0) return;
  const jobs = stops.filter((stop) => stop.kind !== 'break').map((stop) => stop.job);
  const firstDifference = locked.findIndex((job, index) => jobs[index] !== job);
  if (firstDifference >= 0) {
    violations.push({
      code: 'locked-prefix',
      job: locked[firstDifference],
      message: `vehicle ${vehicle.id} must open with its locked jobs [${locked.join(', ')}]; job ${locked[firstDifference]} is not at position ${firstDifference} of its jobs`,
    });
  }
}
