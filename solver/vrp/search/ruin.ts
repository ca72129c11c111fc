/**
 * Slack induction by string removals (SISR, Christiaens & Vanden Berghe 2020): remove a few strings
 * of consecutive jobs from routes near a random seed job, so that recreate can rebuild the area.
 * Breaks and locked prefixes stay.
 */
import { NodeKind } from './compiled-problem';
import type { MoveContext } from './move-context';
import type { Neighbours } from './neighbours';
import type { Random } from './random';

export class Ruin {
  /** Groups removed by the last call: removed[0..removedCount). */
  readonly removed: Int32Array;
  removedCount = 0;
  /** Nodes the last call left next to a gap (the local search looks there first). */
  readonly touched: Int32Array;
  touchedCount = 0;
  private readonly routeStamp: Int32Array;
  /** Strings taken from each route by this call (valid where routeStamp is this call's). */
  private readonly routeStrings: Int32Array;
  private stamp = 0;

  constructor(
    private readonly ctx: MoveContext,
    private readonly neighbours: Neighbours,
    private readonly rng: Random,
    /** Average number of jobs removed (SISR's c-bar). */
    public averageRemoved: number,
    private readonly maxStringLength: number,
    /** Strings one call may take from one route (SISR: one; two lets a ruin reach further into a long route). */
    private readonly stringsPerRoute = 1,
  ) {
    this.removed = new Int32Array(ctx.cp.groupCount);
    this.touched = new Int32Array(2 * ctx.cp.groupCount);
    this.routeStamp = new Int32Array(ctx.cp.vehicleCount);
    this.routeStrings = new Int32Array(ctx.cp.vehicleCount);
    this.groupStamp = new Int32Array(ctx.cp.groupCount);
  }

  private readonly groupStamp: Int32Array;

  /**
   * Adds unserved jobs near the removed ones (or random ones when nothing was removed), so that
   * recreate reconsiders jobs left out: the orienteering side of the search.
   */
  addUnserved(nearby: number): void {
    const { cp } = this.ctx;
    const { start, list } = this.neighbours;
    const removed = this.removedCount;
    for (let i = 0; i < removed; i++) this.groupStamp[this.removed[i]] = this.stamp;
    for (let i = 0; i < removed; i++) {
      const u = cp.groupNodes[cp.groupStart[this.removed[i]]];
      const end = Math.min(start[u + 1], start[u] + nearby);
      for (let p = start[u]; p < end; p++) this.offer(cp.nodeGroup[list[p]]);
    }
    if (removed === 0) {
      for (let tries = 0; tries < 2 * this.averageRemoved; tries++) this.offer(this.rng.int(cp.jobCount));
    }
  }

  private offer(g: number): void {
    if (this.groupStamp[g] === this.stamp || this.ctx.state.groupNode[g] >= 0) return;
    this.groupStamp[g] = this.stamp;
    this.removed[this.removedCount++] = g;
  }

  run(): void {
    const { state, cp, segments } = this.ctx;
    const { rng } = this;
    this.removedCount = 0;
    this.touchedCount = 0;
    this.stamp++;
    let served = 0;
    let usedRoutes = 0;
    for (const route of state.routes) {
      const jobs = segments.jobs(route.whole);
      served += jobs;
      if (jobs > 0) usedRoutes++;
    }
    if (served === 0) return;
    const averageLength = served / usedRoutes;
    const maxLength = Math.min(this.maxStringLength, averageLength);
    const maxStrings = (4 * this.averageRemoved) / (1 + maxLength) - 1;
    const strings = Math.max(1, Math.floor(rng.next() * maxStrings + 1));

    // A random served job as seed.
    let seed = -1;
    for (let tries = 0; tries < 50 && seed < 0; tries++) {
      const g = rng.int(cp.jobCount);
      const u = state.groupNode[g];
      if (u >= 0) seed = u;
    }
    if (seed < 0) return;
    let done = 0;
    const { start, list } = this.neighbours;
    for (let p = start[seed] - 1; p < start[seed + 1] && done < strings; p++) {
      const candidate = p < start[seed] ? seed : state.groupNode[cp.nodeGroup[list[p]]];
      if (candidate < 0) continue;
      const r = state.nodeRoute[candidate];
      if (r < 0) continue;
      if (this.routeStamp[r] !== this.stamp) {
        this.routeStamp[r] = this.stamp;
        this.routeStrings[r] = 0;
      }
      if (this.routeStrings[r] >= this.stringsPerRoute) continue;
      this.routeStrings[r]++;
      const route = state.routes[r];
      const movable = route.length - 2 - route.locked;
      const length = Math.max(1, Math.floor(rng.next() * Math.min(movable, maxLength) + 1));
      this.removeString(route, state.nodePosition[candidate], length);
      done++;
    }
    if (cp.hasSameVehicle) this.removeSameVehicleMates();
  }

  /**
   * A removed job's same-vehicle mates go too, wherever they are (outside locked prefixes): the
   * group can then be rebuilt on another vehicle, which moving one job at a time never allows.
   */
  private removeSameVehicleMates(): void {
    const { state, cp } = this.ctx;
    for (let i = 0; i < this.removedCount; i++) {
      const g = this.removed[i];
      const s = g < cp.jobCount ? cp.sameVehicleOf[g] : -1;
      if (s < 0) continue;
      for (let p = cp.sameVehicleStart[s]; p < cp.sameVehicleStart[s + 1]; p++) {
        const mate = cp.sameVehicleJobs[p];
        const u = state.groupNode[mate];
        if (u < 0 || state.nodePosition[u] <= state.routes[state.nodeRoute[u]].locked) continue;
        const route = state.routes[state.nodeRoute[u]];
        const at = state.nodePosition[u];
        state.remove(u);
        this.touch(route.nodes[at - 1], route.nodes[at]);
        this.removed[this.removedCount++] = mate;
      }
    }
  }

  private removeString(route: import('./search-state').RouteState, position: number, length: number): void {
    const { state, cp } = this.ctx;
    const first = route.locked + 1;
    const last = route.length - 2;
    let from = position - this.rng.int(length);
    if (from < first) from = first;
    if (from + length - 1 > last) from = Math.max(first, last - length + 1);
    // Compact the route in place, keeping breaks.
    let write = from;
    for (let i = from; i < route.length; i++) {
      const u = route.nodes[i];
      if (i < from + length && cp.nodeKind[u] === NodeKind.Job) {
        state.detach(u);
        this.removed[this.removedCount++] = cp.nodeGroup[u];
      } else {
        route.nodes[write++] = u;
      }
    }
    route.length = write;
    state.update(route);
    this.touch(route.nodes[from - 1], route.nodes[from]);
  }

  private touch(before: number, after: number): void {
    if (this.touchedCount + 2 > this.touched.length) return;
    this.touched[this.touchedCount++] = before;
    this.touched[this.touchedCount++] = after;
  }
}
