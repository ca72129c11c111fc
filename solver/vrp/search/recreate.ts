/**
 * Cheapest insertion with blinks (SISR's recreate, Christiaens & Vanden Berghe 2020): each job in
 * turn goes where it costs least (penalised cost, every variant, every allowed route, positions after
 * the locked prefix), skipping each position with a small probability. A required job always goes
 * in (infeasibility is penalised, not refused); an optional one only when it pays.
 */
import { nodeSegment } from './compiled-problem';
import type { MoveContext } from './move-context';
import type { RouteState } from './search-state';
import { CostEvaluator, TIME_WARP_TOLERANCE } from './cost-evaluator';
import type { Random } from './random';

/**
 * Added to the price of a place that leaves its route infeasible: a feasible place beats any
 * infeasible one (SISR's hard constraints), penalised cost decides among places of one kind.
 */
const INFEASIBLE_PLACE = 1e13;
/** Added to the time a place takes, so that a place taking none (it fills a wait) still has a finite score. */
const RATIO_TIME_FLOOR = 1e-3;

export class Recreate {
  private readonly vehicleType: Int32Array;
  private readonly typeTried: Int32Array;
  private stamp = 0;
  /** insertByRatio's candidates, and per candidate and route its best place's score, node and position (allocated on first use). */
  private ratioGroups = new Int32Array(0);
  private ratioScore = new Float64Array(0);
  private ratioNode = new Int32Array(0);
  private ratioPos = new Int32Array(0);

  constructor(
    private readonly ctx: MoveContext,
    private readonly rng: Random,
    private readonly shouldStop: () => boolean = () => false,
  ) {
    const cp = ctx.cp;
    const V = cp.vehicleCount;
    // Empty routes of identical vehicles are interchangeable: try one of each kind.
    this.vehicleType = new Int32Array(V);
    const problem = cp.problem;
    for (let k = 0; k < V; k++) {
      this.vehicleType[k] = k;
      if (!ctx.unrestricted) continue;
      const a = problem.vehicles[k];
      for (let t = 0; t < k; t++) {
        const b = problem.vehicles[t];
        if (
          a.start === b.start &&
          a.end === b.end &&
          a.shift.start === b.shift.start &&
          a.shift.end === b.shift.end &&
          a.capacity === b.capacity &&
          a.costPerDistance === b.costPerDistance &&
          a.costPerDuration === b.costPerDuration &&
          a.fixedCost === b.fixedCost &&
          a.maxDuration === b.maxDuration &&
          a.maxDistance === b.maxDistance &&
          (a.lockedPrefix?.length ?? 0) === 0 &&
          (b.lockedPrefix?.length ?? 0) === 0
        ) {
          this.vehicleType[k] = this.vehicleType[t];
          break;
        }
      }
    }
    this.typeTried = new Int32Array(V);
  }

  /** Inserts groups[0..count) in that order; returns how many stayed out. */
  insertAll(groups: Int32Array, count: number, blinkRate: number, optionalSlack: number): number {
    let left = 0;
    for (let i = 0; i < count; i++) {
      // Large instances take a while per job: an abort must not wait for the whole list.
      if ((i & 7) === 7 && this.shouldStop()) return left + count - i;
      if (!this.insertGroup(groups[i], blinkRate, optionalSlack)) left++;
    }
    return left;
  }

  /**
   * An optional job goes in when its insertion costs less than `optionalSlack` (0: only when it
   * pays). A positive slack lets jobs that pay only together (two visits at one far address) in,
   * for the acceptance test to judge the whole.
   */
  insertGroup(g: number, blinkRate: number, optionalSlack: number): boolean {
    const { ctx, rng } = this;
    const { state, cp, segments } = ctx;
    const required = cp.groupRequired[g] === 1;
    let best = required ? Infinity : optionalSlack;
    let bestNode = -1;
    let bestRoute = -1;
    let bestPos = -1;
    this.stamp++;
    const onlyVehicle = cp.groupVehicle[g];
    const demand = cp.nodeDemand[cp.groupNodes[cp.groupStart[g]]];
    for (let r = 0; r < state.routes.length; r++) {
      const route = state.routes[r];
      const k = route.vehicle;
      if (onlyVehicle >= 0 && k !== onlyVehicle) continue;
      if (!ctx.allowed(g, k) || !ctx.canJoin(g, k)) continue;
      // An optional job never takes an infeasible place (best starts below INFEASIBLE_PLACE): a full route has none.
      if (!required && segments.load(route.whole) + demand > cp.capacity[k] + 1e-9) continue;
      const empty = segments.jobs(route.whole) === 0;
      if (empty && route.locked === 0) {
        const type = this.vehicleType[k];
        if (this.typeTried[type] === this.stamp) continue;
        this.typeTried[type] = this.stamp;
      }
      // A break may go anywhere, inside the locked prefix too.
      for (let j = onlyVehicle >= 0 ? 0 : route.locked; j < route.length - 1; j++) {
        if (blinkRate > 0 && rng.next() < blinkRate) continue;
        const a = segments.lastLocation(route.prefix(j));
        const b = segments.firstLocation(route.suffix(j + 1));
        for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) {
          const w = cp.groupNodes[p];
          // A filter, not a bound, on a route with a penalty: its places are infeasible ones (INFEASIBLE_PLACE) all but always.
          if (onlyVehicle < 0 && ctx.insertionBound(a, w, b, k, empty) + this.lateFilter(route, k, j, a, w, b) >= best) continue;
          let delta = ctx.cost3(route.prefix(j), nodeSegment(w), route.suffix(j + 1), k) - route.cost;
          const s = ctx.lastRoute;
          if (!CostEvaluator.timeFeasible(s, cp, k) || !CostEvaluator.loadFeasible(s, cp, k)) delta += INFEASIBLE_PLACE;
          if (delta < best) {
            best = delta;
            bestNode = w;
            bestRoute = r;
            bestPos = j;
          }
        }
      }
    }
    if (bestNode < 0) return false;
    if (bestPos + 1 <= state.routes[bestRoute].locked) state.routes[bestRoute].locked++;
    state.insert(bestNode, state.routes[bestRoute], bestPos);
    return true;
  }

  /**
   * Optional jobs only: inserts groups[0..count) greedily by gain squared over the time a place
   * takes from its route (the insertion of Vansteenwegen et al.'s iterated local search for the
   * TOPTW), feasible places only, so that the jobs that pay most for the time they use go in first
   * (cheapest insertion in random order lets whichever comes first take the time); returns how many
   * stayed out. Each pick re-prices only the route it changed.
   */
  insertByRatio(groups: Int32Array, count: number, blinkRate: number): number {
    const { state } = this.ctx;
    const V = state.routes.length;
    if (this.ratioGroups.length < count) {
      const n = this.ctx.cp.groupCount;
      this.ratioScore = new Float64Array(n * V);
      this.ratioNode = new Int32Array(n * V);
      this.ratioPos = new Int32Array(n * V);
      this.ratioGroups = new Int32Array(n);
    }
    const list = this.ratioGroups;
    list.set(groups.subarray(0, count));
    let left = count;
    for (let i = 0; i < left; i++) for (let r = 0; r < V; r++) this.priceRatio(list[i], i * V + r, state.routes[r], blinkRate);
    while (left > 0) {
      if (this.shouldStop()) return left;
      let bestAt = -1;
      let bestScore = 0;
      for (let e = 0; e < left * V; e++) {
        if (this.ratioScore[e] > bestScore) {
          bestScore = this.ratioScore[e];
          bestAt = e;
        }
      }
      if (bestAt < 0) return left;
      const i = Math.floor(bestAt / V);
      const r = bestAt - i * V;
      const route = state.routes[r];
      state.insert(this.ratioNode[bestAt], route, this.ratioPos[bestAt]);
      left--;
      // The last candidate takes the inserted one's slot.
      list[i] = list[left];
      for (let q = 0; q < V; q++) {
        this.ratioScore[i * V + q] = this.ratioScore[left * V + q];
        this.ratioNode[i * V + q] = this.ratioNode[left * V + q];
        this.ratioPos[i * V + q] = this.ratioPos[left * V + q];
      }
      // A job with no place in the route before has none after: one more visit only takes time
      // (exact where travel keeps the triangle inequality; elsewhere a shortcut this greedy takes).
      for (let c = 0; c < left; c++) if (this.ratioScore[c * V + r] > 0) this.priceRatio(list[c], c * V + r, route, blinkRate);
    }
    return 0;
  }

  /** The best feasible, paying place for group g in route: score (0 when none), node and position at entry e. */
  private priceRatio(g: number, e: number, route: RouteState, blinkRate: number): void {
    const { ctx, rng } = this;
    const { cp, segments } = ctx;
    const k = route.vehicle;
    this.ratioScore[e] = 0;
    if (!ctx.allowed(g, k) || !ctx.canJoin(g, k) || cp.groupVehicle[g] >= 0) return;
    const demand = cp.nodeDemand[cp.groupNodes[cp.groupStart[g]]];
    if (segments.load(route.whole) + demand > cp.capacity[k] + 1e-9) return;
    const before = segments.totalDuration(route.whole);
    for (let j = route.locked; j < route.length - 1; j++) {
      if (blinkRate > 0 && rng.next() < blinkRate) continue;
      const a = segments.lastLocation(route.prefix(j));
      const b = segments.firstLocation(route.suffix(j + 1));
      for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) {
        const w = cp.groupNodes[p];
        if (this.placeWarp(route, k, j, a, w, b) > 0) continue;
        const delta = ctx.cost3(route.prefix(j), nodeSegment(w), route.suffix(j + 1), k) - route.cost;
        if (delta >= 0) continue;
        const s = ctx.lastRoute;
        if (!CostEvaluator.timeFeasible(s, cp, k) || !CostEvaluator.loadFeasible(s, cp, k)) continue;
        const shift = Math.max(segments.totalDuration(s) - before, 0) + RATIO_TIME_FLOOR;
        const score = (delta * delta) / shift;
        if (score > this.ratioScore[e]) {
          this.ratioScore[e] = score;
          this.ratioNode[e] = w;
          this.ratioPos[e] = j;
        }
      }
    }
  }

  /**
   * What running late adds to a place's price, at least: a place that makes the route late is an
   * infeasible one (INFEASIBLE_PLACE) and pays its time warp, less what the route pays already.
   */
  private lateFilter(route: RouteState, k: number, j: number, a: number, w: number, b: number): number {
    const warp = this.placeWarp(route, k, j, a, w, b);
    return warp > 0 ? Math.max(0, INFEASIBLE_PLACE + this.ctx.state.evaluator.timeWarpWeight * warp - route.penalty) : 0;
  }

  /**
   * The time warp putting node w between positions j and j + 1 makes, read without a merge: the
   * lateness its work forces, else the warp the merge would find where the route waits for its
   * windows; 0 when the place may be feasible.
   */
  private placeWarp(route: RouteState, k: number, j: number, a: number, w: number, b: number): number {
    const { ctx } = this;
    const late = ctx.lateness(route, k, ctx.insertionWork(a, w, b));
    if (late > 0) return late;
    const warp = ctx.segments.concatenationWarp(route.prefix(j), nodeSegment(w), route.suffix(j + 1));
    return warp > TIME_WARP_TOLERANCE ? warp : 0;
  }
}
