/**
 * Granular local search (as HGS / PyVRP): for each job U in random order and each neighbour V of U,
 * apply the first operator that improves the penalised cost; repeat until no move improves.
 * A pair is re-tested only when one of its routes changed since U was last tested.
 *
 * After a ruin and recreate the search may be focused (search.ts decides): only "promising" jobs are
 * tried as U (PyVRP's search space), those the perturbation touched and those next to a move the
 * search applied. Checking every job re-tested nearly every pair on days of five long routes (each
 * ruin touches most of them): ~70,000 evaluations per iteration for a few hundred jobs.
 */
import { NodeKind } from './compiled-problem';
import type { MoveContext } from './move-context';
import type { Neighbours } from './neighbours';
import { Exchange } from './operators/exchange';
import { InsertUnserved } from './operators/insert-optional';
import type { NodeOperator } from './operators/operator';
import { Relocate } from './operators/relocate';
import { RemoveOptional } from './operators/remove-optional';
import { SwapUnserved } from './operators/swap-unserved';
import { TwoOpt } from './operators/two-opt';
import { TwoOptStar } from './operators/two-opt-star';
import type { Random } from './random';

const IMPROVEMENT = -1e-7;

export class LocalSearch {
  readonly nodeOperators: NodeOperator[];
  readonly insert: InsertUnserved;
  readonly remove: RemoveOptional;
  readonly swapUnserved: SwapUnserved;
  private readonly relocate: Relocate;
  private readonly groupOrder: Int32Array;
  /** Clock value when each node was last tested; pairs whose routes have not changed since are skipped. */
  private readonly lastTested: Float64Array;
  /**
   * Per node, the attempt (a stamp) that last tried it as a partner. Neighbour lists hold job
   * variants, so a served job is reached once per variant of it in the list, and an unserved job is
   * tried from each of its own variants: a failed move is not retried while nothing has changed.
   */
  private readonly triedAfter: Uint32Array;
  private readonly triedSwap: Uint32Array;
  private readonly triedPair: Uint32Array;
  private attemptStamp = 0;
  /** Groups marked promising carry the current epoch; every group is promising while `everything`. */
  private readonly promising: Uint32Array;
  private epoch = 1;
  private everything = true;

  constructor(
    private readonly ctx: MoveContext,
    private readonly neighbours: Neighbours,
    private readonly rng: Random,
    private readonly shouldStop: () => boolean,
  ) {
    this.relocate = new Relocate(ctx, 1);
    this.nodeOperators = [
      this.relocate,
      new Relocate(ctx, 2),
      new Exchange(ctx, 1, 1),
      new Exchange(ctx, 2, 1),
      new Exchange(ctx, 2, 2),
      new TwoOptStar(ctx),
      new TwoOpt(ctx),
    ];
    this.insert = new InsertUnserved(ctx);
    this.remove = new RemoveOptional(ctx);
    this.swapUnserved = new SwapUnserved(ctx);
    const cp = ctx.cp;
    this.groupOrder = Int32Array.from({ length: cp.groupCount }, (_, g) => g);
    this.lastTested = new Float64Array(cp.nodeCount);
    this.triedAfter = new Uint32Array(cp.nodeCount);
    this.triedSwap = new Uint32Array(cp.nodeCount);
    this.triedPair = new Uint32Array(cp.nodeCount);
    this.promising = new Uint32Array(cp.groupCount);
  }

  /** From now on only jobs marked promising are tried as U (after a perturbation). */
  focus(): void {
    this.everything = false;
    if (++this.epoch === 0xffffffff) {
      this.promising.fill(0);
      this.epoch = 1;
    }
  }

  /** Every job is tried again. */
  widen(): void {
    this.everything = true;
  }

  /** Marks a node's job and, when it is served, the jobs either side of it. */
  markAround(node: number): void {
    const { state } = this.ctx;
    this.markNode(node);
    const r = state.nodeRoute[node];
    if (r < 0) return;
    const route = state.routes[r];
    const i = state.nodePosition[node];
    if (i > 0) this.markNode(route.nodes[i - 1]);
    if (i < route.length - 1) this.markNode(route.nodes[i + 1]);
  }

  /** Marks a group's job, or what serves it now, and its neighbours in the route. */
  markGroup(g: number): void {
    const u = this.ctx.state.groupNode[g];
    if (u >= 0) this.markAround(u);
    else this.promising[g] = this.epoch;
  }

  /** Marks every job of a route (its penalties changed). */
  markRoute(r: number): void {
    const route = this.ctx.state.routes[r];
    for (let i = 1; i < route.length - 1; i++) this.markNode(route.nodes[i]);
  }

  private markNode(node: number): void {
    const g = this.ctx.cp.nodeGroup[node];
    if (g >= 0) this.promising[g] = this.epoch;
  }

  /** A fresh stamp for the tried-partner marks (all marks are cleared when the counter wraps). */
  private nextStamp(): number {
    if (++this.attemptStamp === 0xffffffff) {
      this.triedAfter.fill(0);
      this.triedSwap.fill(0);
      this.triedPair.fill(0);
      this.attemptStamp = 1;
    }
    return this.attemptStamp;
  }

  get operators(): NodeOperator[] {
    return [...this.nodeOperators, this.insert, this.remove, this.swapUnserved];
  }

  /** Runs to a local optimum (or until told to stop). */
  run(): void {
    const { cp, state } = this.ctx;
    let improved = true;
    let checks = 0;
    while (improved) {
      improved = false;
      this.rng.shuffle(this.groupOrder);
      for (let gi = 0; gi < this.groupOrder.length; gi++) {
        if ((++checks & 15) === 0 && this.shouldStop()) return;
        const g = this.groupOrder[gi];
        if (!this.everything && this.promising[g] !== this.epoch) continue;
        const u = state.groupNode[g];
        if (u < 0) {
          if (this.tryServe(g)) improved = true;
          continue;
        }
        if (cp.nodeKind[u] === NodeKind.Break) {
          if (this.tryMoveBreak(u)) improved = true;
          continue;
        }
        if (this.improveJob(u)) improved = true;
      }
    }
  }

  private improveJob(u: number): boolean {
    const { cp, state } = this.ctx;
    const lastTest = this.lastTested[u];
    this.lastTested[u] = state.clock;
    const routes = state.routes;
    let improved = false;
    if (!cp.groupRequired[cp.nodeGroup[u]] && this.attempt(this.remove, u, u)) return true;
    const { start, list } = this.neighbours;
    let stamp = this.nextStamp();
    // The variant serving the job may differ from u's own neighbour list owner: use u's list.
    for (let p = start[u]; p < start[u + 1]; p++) {
      if (state.nodeRoute[u] < 0) return improved;
      const v = state.groupNode[cp.nodeGroup[list[p]]];
      if (v < 0 || this.triedPair[v] === stamp) continue;
      this.triedPair[v] = stamp;
      const ru = state.nodeRoute[u];
      const rv = state.nodeRoute[v];
      if (routes[ru].stamp <= lastTest && routes[rv].stamp <= lastTest) continue;
      if (this.tryOperators(u, v)) {
        improved = true;
        stamp = this.nextStamp();
        continue;
      }
      const pv = state.routes[rv].nodes[state.nodePosition[v] - 1];
      if (cp.nodeKind[pv] === NodeKind.Start && this.tryOperators(u, pv)) {
        improved = true;
        stamp = this.nextStamp();
      }
    }
    // Opening an unused vehicle: one empty route of each kind is enough to try.
    const ru = state.nodeRoute[u];
    if (ru >= 0 && routes[ru].stamp > lastTest) {
      for (const route of state.routes) {
        if (route.length === 2 && route.vehicle !== ru) {
          if (this.attempt(this.relocate, u, route.nodes[0])) improved = true;
          break;
        }
      }
    }
    return improved;
  }

  private tryOperators(u: number, v: number): boolean {
    for (const op of this.nodeOperators) if (this.attempt(op, u, v)) return true;
    return false;
  }

  private attempt(op: NodeOperator, u: number, v: number): boolean {
    const delta = op.evaluate(u, v);
    if (delta >= IMPROVEMENT) return false;
    // Marks are read only by a focused run (the next focus() starts afresh).
    if (this.everything) {
      op.apply(u, v);
      return true;
    }
    const { cp } = this.ctx;
    const gu = cp.nodeGroup[u];
    const gv = cp.nodeGroup[v];
    // Where the move takes from and where it puts: both sides' neighbours may now improve.
    this.markAround(u);
    this.markAround(v);
    op.apply(u, v);
    if (gu >= 0) this.markGroup(gu);
    if (gv >= 0) this.markGroup(gv);
    else this.markAround(v);
    return true;
  }

  /** An unserved job: insert one of its variants near a served neighbour, or swap it in. */
  private tryServe(g: number): boolean {
    const { cp, state } = this.ctx;
    const { start, list } = this.neighbours;
    const first = cp.groupNodes[cp.groupStart[g]];
    const lastTest = this.lastTested[first];
    this.lastTested[first] = state.clock;
    // Insert and swap price every variant of g themselves: each place is tried once per call.
    const stamp = this.nextStamp();
    for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) {
      const w = cp.groupNodes[p];
      if (cp.nodeKind[w] !== NodeKind.Job) return false;
      for (let q = start[w]; q < start[w + 1]; q++) {
        const v = state.groupNode[cp.nodeGroup[list[q]]];
        if (v < 0 || state.routes[state.nodeRoute[v]].stamp <= lastTest) continue;
        if (this.triedAfter[v] !== stamp) {
          this.triedAfter[v] = stamp;
          if (this.attempt(this.insert, w, v)) return true;
        }
        const pv = state.routes[state.nodeRoute[v]].nodes[state.nodePosition[v] - 1];
        if (this.triedAfter[pv] !== stamp) {
          this.triedAfter[pv] = stamp;
          if (this.attempt(this.insert, w, pv)) return true;
        }
        if (this.triedSwap[v] !== stamp) {
          this.triedSwap[v] = stamp;
          if (this.attempt(this.swapUnserved, w, v)) return true;
        }
      }
      for (const route of state.routes) {
        const last = route.nodes[route.length - 2];
        if (route.stamp > lastTest && (route.length === 2 || route.length - 2 <= route.locked) && this.triedAfter[last] !== stamp) {
          this.triedAfter[last] = stamp;
          if (this.attempt(this.insert, w, last)) return true;
        }
      }
    }
    return false;
  }

  /** A break moves only within its own route: try every place. */
  private tryMoveBreak(u: number): boolean {
    const { state } = this.ctx;
    const route = state.routes[state.nodeRoute[u]];
    if (route.stamp <= this.lastTested[u]) return false;
    this.lastTested[u] = state.clock;
    for (let j = 0; j < route.length - 1; j++) {
      if (this.attempt(this.relocate, u, route.nodes[j])) return true;
    }
    return false;
  }
}
