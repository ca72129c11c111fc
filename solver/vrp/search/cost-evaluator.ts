/**
 * The one place that turns a route segment into a cost: the model's objective plus penalties for
 * infeasibility (time warp, excess load, excess duration and distance) whose weights adapt during
 * the search so that a target share of visited solutions is feasible (as PyVRP's
 * PenaltyManager does).
 */
import type { CompiledProblem } from './compiled-problem';
import type { SegmentStore } from './segment';

/** Time warp up to this is float noise from the algebra's sums: the route is on time. */
export const TIME_WARP_TOLERANCE = 1e-7;

export class CostEvaluator {
  timeWarpWeight: number;
  loadWeight: number;
  distanceWeight: number;
  private readonly segments: SegmentStore;

  constructor(
    private readonly cp: CompiledProblem,
    weights: { timeWarp: number; load: number; distance: number },
  ) {
    this.segments = cp.segments;
    this.timeWarpWeight = weights.timeWarp;
    this.loadWeight = weights.load;
    this.distanceWeight = weights.distance;
  }

  /** Penalised cost of a whole route (segment s, from start depot to end depot) of vehicle k. */
  routeCost(s: number, k: number): number {
    const segments = this.segments;
    if (segments.jobs(s) === 0) return 0;
    const cp = this.cp;
    const distance = segments.distance(s);
    const duration = segments.duration(s);
    return (
      cp.fixedCost[k] +
      cp.costPerDistance[k] * distance +
      cp.costPerDuration[k] * duration -
      segments.prize(s) +
      this.timeWarpWeight * (segments.timeWarp(s) + Math.max(0, duration - cp.maxDuration[k])) +
      this.loadWeight * Math.max(0, segments.load(s) - cp.capacity[k]) +
      this.distanceWeight * Math.max(0, distance - cp.maxDistance[k])
    );
  }

  /** The model's objective of a whole route, no penalties. */
  routeObjective(s: number, k: number): number {
    const segments = this.segments;
    if (segments.jobs(s) === 0) return 0;
    const cp = this.cp;
    return cp.fixedCost[k] + cp.costPerDistance[k] * segments.distance(s) + cp.costPerDuration[k] * segments.duration(s) - segments.prize(s);
  }

  // Tolerances absorb float noise from the algebra's sums.
  static timeFeasible(s: number, cp: CompiledProblem, k: number): boolean {
    return cp.segments.timeWarp(s) <= TIME_WARP_TOLERANCE && cp.segments.duration(s) <= cp.maxDuration[k] + 1e-7;
  }

  static loadFeasible(s: number, cp: CompiledProblem, k: number): boolean {
    return cp.segments.load(s) <= cp.capacity[k] + 1e-9 && cp.segments.distance(s) <= cp.maxDistance[k] + 1e-7;
  }
}
