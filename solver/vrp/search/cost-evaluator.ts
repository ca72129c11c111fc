/**
 * The one place that turns a route segment into a cost: the model's objective plus penalties for
 * infeasibility (time warp, excess load, excess duration and distance) whose weights adapt during
 * the search so that a target share of visited solutions is feasible (as PyVRP's
 * PenaltyManager does).
 */
import type { CompiledProblem } from './compiled-problem';
import type { Segment } from './segment';

export class CostEvaluator {
  timeWarpWeight: number;
  loadWeight: number;
  distanceWeight: number;

  constructor(private readonly cp: CompiledProblem, weights: { timeWarp: number; load: number; distance: number }) {
    this.timeWarpWeight = weights.timeWarp;
    this.loadWeight = weights.load;
    this.distanceWeight = weights.distance;
  }

  /** Penalised cost of a whole route (a segment from start depot to end depot) of vehicle k. */
  routeCost(s: Segment, k: number): number {
    if (s.jobs === 0) return 0;
    const cp = this.cp;
    return (
      cp.fixedCost[k] + cp.costPerDistance[k] * s.distance + cp.costPerDuration[k] * s.duration - s.prize
      + this.timeWarpWeight * (s.timeWarp + Math.max(0, s.duration - cp.maxDuration[k]))
      + this.loadWeight * Math.max(0, s.load - cp.capacity[k])
      + this.distanceWeight * Math.max(0, s.distance - cp.maxDistance[k])
    );
  }

  /** The model's objective of a whole route, no penalties. */
  routeObjective(s: Segment, k: number): number {
    if (s.jobs === 0) return 0;
    const cp = this.cp;
    return cp.fixedCost[k] + cp.costPerDistance[k] * s.distance + cp.costPerDuration[k] * s.duration - s.prize;
  }

  // Tolerances absorb float noise from the algebra's sums.
  static timeFeasible(s: Segment, cp: CompiledProblem, k: number): boolean {
    return s.timeWarp <= 1e-7 && s.duration <= cp.maxDuration[k] + 1e-7;
  }

  static loadFeasible(s: Segment, cp: CompiledProblem, k: number): boolean {
    return s.load <= cp.capacity[k] + 1e-9 && s.distance <= cp.maxDistance[k] + 1e-7;
  }
}
