/**
 * The solution the search works on: one route per vehicle as a node array with cached prefix and
 * suffix segments (so any move is evaluated by merging O(1) pieces), and where every node is.
 * A route's prefixes and suffixes are two ranges of handles in the problem's segment store.
 */
import type { Route, Solution } from '../model';
import { type CompiledProblem, NodeKind, nodeSegment } from './compiled-problem';
import { CostEvaluator } from './cost-evaluator';
import type { SegmentStore } from './segment';
import { UNSERVED_REQUIRED_PENALTY } from './operators/penalty';

export class RouteState {
  /** Node at each position: 0 is the start depot, length - 1 the end depot. */
  nodes: Int32Array;
  length = 2;
  /** Handles of prefix(0) and suffix(0); both ranges hold segmentCapacity segments. */
  private prefixStart = 0;
  private suffixStart = 0;
  private segmentCapacity = 0;
  /** Positions 1..locked hold the locked prefix: nothing is removed from or inserted before them. */
  locked = 0;
  cost = 0;
  /** The penalty part of cost: the most that removing visits can save beyond travel and prize. */
  penalty = 0;
  /**
   * Travel, service and break time of the route, waiting aside: the route runs late by at least
   * this much beyond its shift, whatever the windows (MoveContext.warpBound).
   */
  work = 0;
  /** Value of the state's clock when this route last changed (the local search skips the rest). */
  stamp = 0;

  constructor(
    readonly vehicle: number,
    capacity: number,
    private readonly segments: SegmentStore,
  ) {
    this.nodes = new Int32Array(capacity);
    this.nodes[0] = 2 * vehicle;
    this.nodes[1] = 2 * vehicle + 1;
    this.grow(capacity);
  }

  grow(capacity: number): void {
    if (this.nodes.length < capacity) {
      const nodes = new Int32Array(capacity);
      nodes.set(this.nodes.subarray(0, this.length));
      this.nodes = nodes;
    }
    if (this.segmentCapacity < capacity) {
      // Fresh ranges at the end of the store (the old ones are left unused); doubling keeps the
      // number of moves small and the waste below the routes' own size.
      const size = Math.max(capacity, 2 * this.segmentCapacity);
      const prefixStart = this.segments.allocate(size);
      const suffixStart = this.segments.allocate(size);
      for (let i = 0; i < this.segmentCapacity; i++) {
        this.segments.copy(prefixStart + i, this.prefixStart + i);
        this.segments.copy(suffixStart + i, this.suffixStart + i);
      }
      this.prefixStart = prefixStart;
      this.suffixStart = suffixStart;
      this.segmentCapacity = size;
    }
  }

  /** Segment of positions 0..i (start depot first). */
  prefix(i: number): number {
    return this.prefixStart + i;
  }

  /** Segment of positions i..length - 1 (end depot last). */
  suffix(i: number): number {
    return this.suffixStart + i;
  }

  /** Segment of the whole route, depot to depot. */
  get whole(): number {
    return this.prefixStart + this.length - 1;
  }

  /** How many positions the cached segments cover. */
  get segmentRoom(): number {
    return this.segmentCapacity;
  }

  /** Number of job and break visits. */
  get visits(): number {
    return this.length - 2;
  }

  insertAt(position: number, node: number): void {
    if (this.length + 1 > this.nodes.length) this.grow(this.nodes.length * 2);
    this.nodes.copyWithin(position + 1, position, this.length);
    this.nodes[position] = node;
    this.length++;
  }

  removeRange(position: number, count: number): void {
    this.nodes.copyWithin(position, position + count, this.length);
    this.length -= count;
  }
}

export class SearchState {
  readonly routes: RouteState[];
  readonly nodeRoute: Int32Array;
  readonly nodePosition: Int32Array;
  /** The variant node serving each group, or -1. */
  readonly groupNode: Int32Array;
  readonly durations: Float64Array;
  readonly distances: Float64Array;
  readonly n: number;
  readonly segments: SegmentStore;
  /** Ticks on every route change. */
  clock = 0;

  constructor(
    readonly cp: CompiledProblem,
    public evaluator: CostEvaluator,
  ) {
    this.durations = cp.durations;
    this.distances = cp.distances;
    this.n = cp.locationCount;
    this.segments = cp.segments;
    this.nodeRoute = new Int32Array(cp.nodeCount).fill(-1);
    this.nodePosition = new Int32Array(cp.nodeCount).fill(-1);
    this.groupNode = new Int32Array(cp.groupCount).fill(-1);
    this.routes = [];
    const capacity = Math.min(cp.nodeCount, 16) + 2;
    for (let k = 0; k < cp.vehicleCount; k++) {
      const route = new RouteState(k, capacity, this.segments);
      this.routes.push(route);
      this.nodeRoute[2 * k] = k;
      this.nodeRoute[2 * k + 1] = k;
      this.update(route);
    }
  }

  /** Recomputes positions, cached segments and cost of a route after its nodes changed. */
  update(route: RouteState): void {
    if (route.segmentRoom < route.length) route.grow(route.length);
    const { nodes, length } = route;
    const segments = this.segments;
    const k = route.vehicle;
    const cp = this.cp;
    const n = cp.locationCount;
    let work = 0;
    let at = -1;
    for (let i = 0; i < length; i++) {
      const u = nodes[i];
      this.nodeRoute[u] = k;
      this.nodePosition[u] = i;
      const g = cp.nodeGroup[u];
      if (g >= 0) this.groupNode[g] = u;
      work += cp.nodeService[u];
      const l = cp.nodeLocation[u];
      if (l < 0) continue;
      if (at >= 0) work += cp.durations[at * n + l];
      at = l;
    }
    route.work = work;
    const p = route.prefix(0);
    const q = route.suffix(0);
    segments.copy(p, nodeSegment(nodes[0]));
    for (let i = 1; i < length; i++) segments.merge(p + i, p + i - 1, nodeSegment(nodes[i]));
    segments.copy(q + length - 1, nodeSegment(nodes[length - 1]));
    for (let i = length - 2; i >= 0; i--) segments.merge(q + i, nodeSegment(nodes[i]), q + i + 1);
    route.cost = this.evaluator.routeCost(p + length - 1, k);
    route.penalty = route.cost - this.evaluator.routeObjective(p + length - 1, k);
    route.stamp = ++this.clock;
  }

  /** Marks a node unserved (the caller has taken it out of its route's array). */
  detach(node: number): void {
    this.nodeRoute[node] = -1;
    this.nodePosition[node] = -1;
    const g = this.cp.nodeGroup[node];
    if (g >= 0 && this.groupNode[g] === node) this.groupNode[g] = -1;
  }

  insert(node: number, route: RouteState, afterPosition: number): void {
    route.insertAt(afterPosition + 1, node);
    this.update(route);
  }

  remove(node: number): void {
    const route = this.routes[this.nodeRoute[node]];
    route.removeRange(this.nodePosition[node], 1);
    this.detach(node);
    this.update(route);
  }

  /**
   * Empties every route, locked prefixes too (for a new construction: construction.ts). Used only
   * where nothing is locked (search.ts, the starts of a few routes): a re-plan keeps its warm start.
   */
  clearRoutes(): void {
    for (const route of this.routes) {
      for (let i = 1; i < route.length - 1; i++) this.detach(route.nodes[i]);
      route.nodes[1] = route.nodes[route.length - 1];
      route.length = 2;
      route.locked = 0;
      this.update(route);
    }
  }

  recomputeCosts(): void {
    for (const route of this.routes) {
      const s = route.whole;
      route.cost = this.evaluator.routeCost(s, route.vehicle);
      route.penalty = route.cost - this.evaluator.routeObjective(s, route.vehicle);
    }
  }

  /** Penalised cost of the whole solution (unserved optional groups cost nothing beyond lost prize). */
  penalisedCost(): number {
    let total = 0;
    for (const route of this.routes) total += route.cost;
    return total + this.unservedRequiredPenalty();
  }

  objective(): number {
    let total = 0;
    for (const route of this.routes) total += this.evaluator.routeObjective(route.whole, route.vehicle);
    return total;
  }

  /** A required group left out makes the solution infeasible; the search avoids it at a high price. */
  unservedRequiredPenalty(): number {
    let count = 0;
    for (let g = 0; g < this.cp.groupCount; g++) if (this.cp.groupRequired[g] && this.groupNode[g] < 0) count++;
    return count * UNSERVED_REQUIRED_PENALTY;
  }

  isFeasible(): boolean {
    for (let g = 0; g < this.cp.groupCount; g++) if (this.cp.groupRequired[g] && this.groupNode[g] < 0) return false;
    for (const route of this.routes) {
      const s = route.whole;
      if (this.segments.jobs(s) === 0) continue;
      if (!CostEvaluator.timeFeasible(s, this.cp, route.vehicle) || !CostEvaluator.loadFeasible(s, this.cp, route.vehicle)) return false;
    }
    return !this.cp.hasSameVehicle || this.sameVehicleKept();
  }

  /**
   * Every same-vehicle group's served jobs share a route. The moves keep it so; only locked
   * prefixes that split a group (the caller's contradiction) can break it.
   */
  sameVehicleKept(): boolean {
    const cp = this.cp;
    for (let s = 0; s + 1 < cp.sameVehicleStart.length; s++) {
      let route = -1;
      for (let p = cp.sameVehicleStart[s]; p < cp.sameVehicleStart[s + 1]; p++) {
        const u = this.groupNode[cp.sameVehicleJobs[p]];
        if (u < 0) continue;
        if (route >= 0 && this.nodeRoute[u] !== route) return false;
        route = this.nodeRoute[u];
      }
    }
    return true;
  }

  /** Route node arrays, for restoring later. */
  snapshot(): Int32Array[] {
    return this.routes.map((r) => r.nodes.slice(0, r.length));
  }

  restore(snapshot: Int32Array[]): void {
    this.nodeRoute.fill(-1);
    this.nodePosition.fill(-1);
    this.groupNode.fill(-1);
    snapshot.forEach((nodes, k) => {
      const route = this.routes[k];
      route.grow(nodes.length + 1);
      route.nodes.set(nodes);
      route.length = nodes.length;
      this.update(route);
    });
  }

  toSolution(): Solution {
    const cp = this.cp;
    const routes: Route[] = [];
    for (const route of this.routes) {
      if (this.segments.jobs(route.whole) === 0) continue;
      const visits: number[] = [];
      const windows: number[] = [];
      for (let i = 1; i < route.length - 1; i++) {
        const u = route.nodes[i];
        const g = cp.nodeGroup[u];
        visits.push(cp.nodeKind[u] === NodeKind.Break ? -cp.groupIndex[g] - 1 : cp.groupIndex[g]);
        windows.push(Math.max(0, cp.nodeWindow[u]));
      }
      routes.push({ vehicle: route.vehicle, visits, windows });
    }
    const unassigned: number[] = [];
    for (let j = 0; j < cp.jobCount; j++) if (this.groupNode[j] < 0) unassigned.push(j);
    return { routes, unassigned };
  }
}

/** A saved copy of every route's nodes, reused across saves so the loop does not allocate. */
export class SavedRoutes {
  private nodes = new Int32Array(64);
  private readonly lengths: Int32Array;
  private readonly locked: Int32Array;

  constructor(routeCount: number) {
    this.lengths = new Int32Array(routeCount);
    this.locked = new Int32Array(routeCount);
    this.changed = new Uint8Array(routeCount);
  }

  save(state: SearchState): void {
    let total = 0;
    for (const r of state.routes) total += r.length;
    if (this.nodes.length < total) this.nodes = new Int32Array(total * 2);
    let at = 0;
    state.routes.forEach((r, k) => {
      this.nodes.set(r.nodes.subarray(0, r.length), at);
      this.lengths[k] = r.length;
      this.locked[k] = r.locked;
      at += r.length;
    });
  }

  /** Writes the saved routes into `out` (route count, then per route its length, lock and nodes). */
  encode(out: Int32Array): void {
    const routes = this.lengths.length;
    out[0] = routes;
    let at = 1;
    let from = 0;
    for (let k = 0; k < routes; k++) {
      const length = this.lengths[k];
      out[at++] = length;
      out[at++] = this.locked[k];
      out.set(this.nodes.subarray(from, from + length), at);
      at += length;
      from += length;
    }
  }

  /** Reads routes that `encode` wrote, from another search over the same compiled problem. */
  decode(input: Int32Array): void {
    const routes = input[0];
    let total = 0;
    for (let k = 0, at = 1; k < routes; k++) {
      total += input[at];
      at += 2 + input[at];
    }
    if (this.nodes.length < total) this.nodes = new Int32Array(total * 2);
    let at = 1;
    let to = 0;
    for (let k = 0; k < routes; k++) {
      const length = input[at++];
      this.lengths[k] = length;
      this.locked[k] = input[at++];
      this.nodes.set(input.subarray(at, at + length), to);
      at += length;
      to += length;
    }
  }

  /** Puts the saved routes back, touching only the routes that differ (so their stamps stay). */
  restore(state: SearchState): void {
    const changed = this.changed;
    let at = 0;
    state.routes.forEach((r, k) => {
      const length = this.lengths[k];
      let same = r.length === length && r.locked === this.locked[k];
      for (let i = 0; same && i < length; i++) if (r.nodes[i] !== this.nodes[at + i]) same = false;
      changed[k] = same ? 0 : 1;
      if (!same) for (let i = 0; i < r.length; i++) state.detach(r.nodes[i]);
      at += length;
    });
    at = 0;
    state.routes.forEach((r, k) => {
      const length = this.lengths[k];
      if (changed[k]) {
        r.grow(length + 1);
        r.nodes.set(this.nodes.subarray(at, at + length));
        r.length = length;
        r.locked = this.locked[k];
        state.update(r);
      }
      at += length;
    });
  }

  private readonly changed: Uint8Array;
}
