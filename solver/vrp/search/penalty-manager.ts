/**
 * Adapts the penalty weights so that about a target share of the solutions it is shown is
 * feasible (after PyVRP's PenaltyManager): too few feasible -> raise the weight, too many -> lower
 * it, so the search keeps exploring along the border of feasibility. The loop shows it each
 * iteration's candidate as the local search left it, before repair and acceptance, as PyVRP does.
 */
import type { CostEvaluator } from './cost-evaluator';

const TARGET = 0.5;
const TOLERANCE = 0.05;
const UP = 1.3;
const DOWN = 0.85;
const WINDOW = 20;
const MIN_WEIGHT = 1e-6;
const MAX_WEIGHT = 1e8;

export class PenaltyManager {
  private timeFeasible = 0;
  private loadFeasible = 0;
  private samples = 0;

  constructor(private readonly evaluator: CostEvaluator) {}

  /** Records one solution; returns true when the weights changed (route costs must be recomputed). */
  register(timeFeasible: boolean, loadFeasible: boolean): boolean {
    this.samples++;
    if (timeFeasible) this.timeFeasible++;
    if (loadFeasible) this.loadFeasible++;
    if (this.samples < WINDOW) return false;
    const e = this.evaluator;
    e.timeWarpWeight = adjust(e.timeWarpWeight, this.timeFeasible / this.samples);
    const loadWeight = adjust(e.loadWeight, this.loadFeasible / this.samples);
    e.distanceWeight *= loadWeight / e.loadWeight;
    e.loadWeight = loadWeight;
    this.samples = 0;
    this.timeFeasible = 0;
    this.loadFeasible = 0;
    return true;
  }
}

function adjust(weight: number, share: number): number {
  if (share < TARGET - TOLERANCE) return Math.min(MAX_WEIGHT, weight * UP);
  if (share > TARGET + TOLERANCE) return Math.max(MIN_WEIGHT, weight * DOWN);
  return weight;
}
