/**
 * What every move evaluation needs: the state, scratch segments (so evaluating allocates nothing)
 * and helpers that price a route built from a few pieces.
 */
import { type CompiledProblem, nodeSegment } from './compiled-problem';
import type { RouteState, SearchState } from './search-state';
import type { SegmentStore } from './segment';

export class MoveContext {
  readonly cp: CompiledProblem;
  readonly durations: Float64Array;
  readonly distances: Float64Array;
  readonly n: number;
  readonly segments: SegmentStore;
  /** True when every vehicle may serve every job and no vehicle has breaks: tails move freely. */
  readonly unrestricted: boolean;
  /** sameEnd[a * V + b]: vehicles a and b end at the same place with the same shift end. */
  readonly sameEnd: Uint8Array;
  /**
   * No vehicle pays for duration: then a move's travel-and-prize change, less the penalties it
   * could remove, bounds its cost change from below, and most moves are rejected without merging.
   */
  readonly distanceBounds: boolean;
  /** Distances are symmetric: a reversed stretch keeps its inner travel. */
  readonly symmetric: boolean;
  /** Each vehicle's shift: from its start's earliest to its end's latest time. */
  private readonly span: Float64Array;
  /** The route priced by cost2/cost3/cost4. */
  private readonly s1: number;
  /** Scratch for the operators' moved pieces. */
  readonly b1: number;
  readonly b2: number;
  readonly b3: number;

  constructor(readonly state: SearchState) {
    const cp = state.cp;
    this.cp = cp;
    this.durations = cp.durations;
    this.distances = cp.distances;
    this.n = cp.locationCount;
    this.segments = cp.segments;
    this.s1 = this.segments.allocate(4);
    this.b1 = this.s1 + 1;
    this.b2 = this.s1 + 2;
    this.b3 = this.s1 + 3;
    let unrestricted = cp.groupCount === cp.jobCount;
    for (let i = 0; unrestricted && i < cp.jobCount * cp.vehicleCount; i++) if (!cp.allowed[i]) unrestricted = false;
    this.unrestricted = unrestricted;
    let durationCost = false;
    for (let k = 0; k < cp.vehicleCount; k++) if (cp.costPerDuration[k] > 0) durationCost = true;
    this.distanceBounds = !durationCost;
    let symmetric = true;
    const n = cp.locationCount;
    for (let a = 0; symmetric && a < n; a++)
      for (let b = a + 1; b < n; b++)
        if (cp.distances[a * n + b] !== cp.distances[b * n + a]) {
          symmetric = false;
          break;
        }
    this.symmetric = symmetric;
    this.span = new Float64Array(cp.vehicleCount);
    for (let k = 0; k < cp.vehicleCount; k++) this.span[k] = cp.nodeLate[2 * k + 1] - cp.nodeEarly[2 * k];
    const V = cp.vehicleCount;
    this.sameEnd = new Uint8Array(V * V);
    for (let a = 0; a < V; a++) {
      for (let b = 0; b < V; b++) {
        const ea = 2 * a + 1,
          eb = 2 * b + 1;
        this.sameEnd[a * V + b] =
          cp.nodeLocation[ea] === cp.nodeLocation[eb] && cp.nodeLate[ea] === cp.nodeLate[eb] && cp.nodeEarly[ea] === cp.nodeEarly[eb] ? 1 : 0;
      }
    }
  }

  /** The whole route priced by the last cost2/cost3/cost4 call. */
  get lastRoute(): number {
    return this.s1;
  }

  cost2(a: number, b: number, k: number): number {
    this.segments.merge(this.s1, a, b);
    return this.state.evaluator.routeCost(this.s1, k);
  }

  cost3(a: number, b: number, c: number, k: number): number {
    const segments = this.segments;
    segments.merge(this.s1, a, b);
    segments.merge(this.s1, this.s1, c);
    return this.state.evaluator.routeCost(this.s1, k);
  }

  cost4(a: number, b: number, c: number, d: number, k: number): number {
    const segments = this.segments;
    segments.merge(this.s1, a, b);
    segments.merge(this.s1, this.s1, c);
    segments.merge(this.s1, this.s1, d);
    return this.state.evaluator.routeCost(this.s1, k);
  }

  /** out = nodes of route at positions from..to (inclusive); empty segment when from > to. */
  between(route: RouteState, from: number, to: number, out: number): number {
    const segments = this.segments;
    segments.clear(out);
    for (let i = from; i <= to; i++) segments.merge(out, out, nodeSegment(route.nodes[i]));
    return out;
  }

  /** Two consecutive nodes as one segment. */
  pair(u: number, x: number, out: number): number {
    this.segments.merge(out, nodeSegment(u), nodeSegment(x));
    return out;
  }

  /**
   * Positions from..to of `route` may all move to vehicle k: skills, pins, own breaks, and every
   * served job of a moved job's same-vehicle group moves with it.
   */
  canMoveTo(route: RouteState, from: number, to: number, k: number): boolean {
    if (route.vehicle === k) return true;
    const cp = this.cp;
    if (!this.unrestricted) {
      for (let i = from; i <= to; i++) {
        const g = cp.nodeGroup[route.nodes[i]];
        if (!cp.allowed[g * cp.vehicleCount + k]) return false;
      }
    }
    if (cp.hasSameVehicle) {
      const { state } = this;
      for (let i = from; i <= to; i++) {
        const g = cp.nodeGroup[route.nodes[i]];
        const s = g < cp.jobCount ? cp.sameVehicleOf[g] : -1;
        if (s < 0) continue;
        for (let p = cp.sameVehicleStart[s]; p < cp.sameVehicleStart[s + 1]; p++) {
          const mate = state.groupNode[cp.sameVehicleJobs[p]];
          if (mate < 0) continue;
          const at = state.nodePosition[mate];
          if (state.nodeRoute[mate] !== route.vehicle || at < from || at > to) return false;
        }
      }
    }
    return true;
  }

  /** Unserved job group g may be served by vehicle k: no served job of its same-vehicle group is on another. */
  canJoin(g: number, k: number): boolean {
    const cp = this.cp;
    if (!cp.hasSameVehicle || g >= cp.jobCount) return true;
    const s = cp.sameVehicleOf[g];
    if (s < 0) return true;
    const { state } = this;
    for (let p = cp.sameVehicleStart[s]; p < cp.sameVehicleStart[s + 1]; p++) {
      const j = cp.sameVehicleJobs[p];
      const mate = state.groupNode[j];
      if (j !== g && mate >= 0 && state.nodeRoute[mate] !== k) return false;
    }
    return true;
  }

  /** Suffix of `route` from position `from`, re-ended at vehicle k's end depot when it differs. */
  tailFor(route: RouteState, from: number, k: number, out: number): number {
    if (this.sameEnd[route.vehicle * this.cp.vehicleCount + k]) return route.suffix(from);
    this.between(route, from, route.length - 2, out);
    this.segments.merge(out, out, nodeSegment(2 * k + 1));
    return out;
  }

  allowed(group: number, k: number): boolean {
    return this.cp.allowed[group * this.cp.vehicleCount + k] === 1;
  }

  /** Distance between the locations of two nodes (breaks have none: 0). */
  arcDistance(u: number, v: number): number {
    const a = this.cp.nodeLocation[u];
    const b = this.cp.nodeLocation[v];
    return a < 0 || b < 0 ? 0 : this.distances[a * this.n + b];
  }

  /**
   * Lower bound on the cost change of replacing, between locations a and b, the piece first..last
   * (travel inside it `inner`) by nothing or by another piece: distance terms only. Used as
   * cpd * (d(a, first) + inner + d(last, b)).
   */
  pathDistance(a: number, first: number, inner: number, last: number, b: number): number {
    const cp = this.cp;
    const n = this.n;
    return this.distances[a * n + cp.nodeLocation[first]] + inner + this.distances[cp.nodeLocation[last] * n + b];
  }

  /**
   * The travel, prize and fixed-cost part of putting node w between locations a and b of vehicle k.
   * A lower bound on the cost change only when the route has no penalty and no vehicle pays for
   * duration: a detour can lower time warp (travel moved before a break, into time spent waiting
   * for it) and, on arcs that break the triangle inequality, excess distance. Callers that need a
   * bound subtract the route's penalty.
   */
  insertionBound(a: number, w: number, b: number, k: number, routeEmpty: boolean): number {
    const cp = this.cp;
    const n = this.n;
    const lw = cp.nodeLocation[w];
    const detour = this.distances[a * n + lw] + this.distances[lw * n + b] - this.distances[a * n + b];
    return cp.costPerDistance[k] * detour - cp.nodePrize[w] + (routeEmpty ? cp.fixedCost[k] : 0);
  }

  /**
   * Work (travel and service) added by putting node w between locations a and b: exact, since
   * a route's work is its service plus the travel between consecutive locations.
   */
  insertionWork(a: number, w: number, b: number): number {
    const n = this.n;
    const lw = this.cp.nodeLocation[w];
    return this.cp.nodeService[w] + this.durations[a * n + lw] + this.durations[lw * n + b] - this.durations[a * n + b];
  }

  /**
   * How late route `route` of vehicle k must run, at least, with `work` more work: the time warp it
   * must carry whatever its windows and waits. On a day whose routes fill their shifts most places
   * for one more visit are ruled out by this alone, before any merge. WORK_SLACK absorbs the
   * rounding of the algebra's sums, so the bound stays below the warp it computes.
   */
  lateness(route: RouteState, k: number, work: number): number {
    return Math.max(0, route.work + work - this.span[k] - WORK_SLACK);
  }
}

const WORK_SLACK = 1e-3;
