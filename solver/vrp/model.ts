/**
 * The problem model of the generic optimiser: a prize-collecting vehicle routing problem with
 * time windows (PC-VRPTW / team orienteering with time windows), which contains the classic
 * VRPTW (every job required, no prizes) as a special case.
 *
 * This file is the contract between the optimiser and its callers (the benchmark readers, the
 * enforcement rules, the server). It holds plain, JSON-serialisable data only, so that a problem
 * can be posted to a worker thread as it is. No enforcement vocabulary lives here: callers
 * translate cases and officers into jobs and vehicles.
 *
 * Units are the caller's: time and duration in one unit (seconds for road problems, "distance"
 * for Solomon), distance in another, and cost and prize in a third (pounds, or distance units for
 * benchmarks). The objective mixes them only through the vehicle cost rates.
 *
 * Objective (minimised):
 *   sum over used vehicles of  fixedCost + costPerDistance * distance + costPerDuration * duration
 *   - sum over served jobs of  prize * valueFactor(window in which service starts)
 * subject to: every required job served once, optional jobs at most once; service starts inside
 * one of the job's windows (waiting allowed); the vehicle leaves its start no earlier than its
 * shift start and is back at its end no later than its shift end; each break is taken inside one
 * of its windows; load within capacity; route duration and distance within the vehicle's limits;
 * skills and pins honoured; locked prefixes kept; the served jobs of each same-vehicle group on
 * one vehicle.
 */

/** A window bounding the START of service, [start, end] inclusive, in time units. */
export interface TimeWindow {
  start: number;
  end: number;
  /**
   * Multiplies the job's prize when service starts in this window (default 1). The enforcement
   * domain uses it for time-of-day contact rates: the same visit is worth more in the evening.
   */
  valueFactor?: number;
}

export interface Job {
  /** The caller's id, echoed back in solutions (a Solomon customer number, a case reference). */
  id: string;
  /** Index into the matrices. */
  location: number;
  /** Service duration at the location. */
  service: number;
  /** Zero windows means any time within the vehicle's shift. Sorted, non-overlapping. */
  windows: TimeWindow[];
  /** Value collected when the job is served (0 for pure VRPTW). */
  prize: number;
  /** A required job must be served; an optional one is served only when it pays. */
  required: boolean;
  /** Load taken by the vehicle (capacity benchmarks); 0 when capacities do not matter. */
  demand: number;
  /** Every skill listed must be held by the vehicle that serves the job. */
  skills: string[];
  /** When set, only these vehicle indexes may serve the job (a job pinned to a vehicle). */
  allowedVehicles?: number[];
}

export interface Break {
  id: string;
  duration: number;
  /** The break starts inside one of these windows. Taken where the vehicle is at the time. */
  windows: TimeWindow[];
}

export interface Vehicle {
  id: string;
  /** Location indexes of the route's start and end (they may differ, e.g. home and office). */
  start: number;
  end: number;
  /** The vehicle may leave start at shift.start at the earliest and must reach end by shift.end. */
  shift: { start: number; end: number };
  breaks: Break[];
  skills: string[];
  capacity: number;
  /** Limits on route duration (end arrival - start departure) and route distance. */
  maxDuration?: number;
  maxDistance?: number;
  costPerDistance: number;
  costPerDuration: number;
  /** Paid once when the vehicle serves at least one job. */
  fixedCost: number;
  /**
   * Job indexes that must open this route, in this order (stops already done or locked by the
   * user). The search never moves, removes or reorders them.
   */
  lockedPrefix?: number[];
}

export interface Problem {
  /** Number of locations; the matrices are row-major locationCount x locationCount. */
  locationCount: number;
  /** Travel durations; asymmetric allowed. Infinity (or a very large number) = unreachable. */
  durations: ArrayLike<number>;
  /** Travel distances; asymmetric allowed. */
  distances: ArrayLike<number>;
  jobs: Job[];
  vehicles: Vehicle[];
  /**
   * Groups of job indexes whose served jobs must all be served by one vehicle (a customer with
   * several addresses who deals with one driver). Serving only some of a group is allowed; a job
   * belongs to at most one group.
   */
  sameVehicle?: number[][];
  /** An optional starting point for the search; it need not be feasible. */
  initial?: Solution;
}

/**
 * A route is the ordered visits of one vehicle. A visit >= 0 is a job index; a visit < 0 is break
 * number (-visit - 1) of that vehicle, taken at that point of the route.
 */
export interface Route {
  vehicle: number;
  visits: number[];
  /**
   * For each visit, the index of the job's (or break's) window chosen for it. Optional: when
   * absent, the earliest window that can still be met is used.
   */
  windows?: number[];
}

export interface Solution {
  routes: Route[];
  /** Job indexes not served. */
  unassigned: number[];
}

/** Reading a flat matrix entry: the single place that knows the layout. */
export function matrixEntry(problem: Pick<Problem, 'locationCount'>, matrix: ArrayLike<number>, from: number, to: number): number {
  return matrix[from * problem.locationCount + to];
}
