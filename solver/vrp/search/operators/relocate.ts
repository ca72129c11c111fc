/**
 * Relocate: move U (count 1) or U and its successor (count 2, or-opt) to just after V. With one node
 * it also tries U's sibling variants (the job's other windows) at the new place.
 */
import type { MoveContext } from '../move-context';
import type { NodeOperator } from './operator';
import { NodeKind, nodeSegment } from '../compiled-problem';
import type { RouteState } from '../search-state';

export class Relocate implements NodeOperator {
  readonly name: string;
  evaluations = 0;
  applications = 0;
  private chosen = -1;

  constructor(
    private readonly ctx: MoveContext,
    private readonly count: 1 | 2,
  ) {
    this.name = count === 1 ? 'relocate' : 'or-opt';
  }

  evaluate(u: number, v: number): number {
    const { ctx } = this;
    const { state, cp, segments } = ctx;
    const ru = state.nodeRoute[u];
    const rv = state.nodeRoute[v];
    if (ru < 0 || rv < 0) return 0;
    const routeU = state.routes[ru];
    const routeV = state.routes[rv];
    const i = state.nodePosition[u];
    const j = state.nodePosition[v];
    const last = i + this.count - 1;
    // Breaks may sit anywhere, inside a locked prefix too; jobs never enter or leave one.
    const isBreak = this.count === 1 && cp.nodeKind[u] === NodeKind.Break;
    const firstMovable = isBreak ? 1 : routeU.locked + 1;
    const firstAfter = isBreak ? 0 : routeV.locked;
    if (i < firstMovable || last >= routeU.length - 1 || j < firstAfter || j >= routeV.length - 1) return 0;
    if (ru === rv && j >= i - 1 && j <= last) return 0;
    const k = routeV.vehicle;
    if (ru !== rv && !ctx.canMoveTo(routeU, i, last, k)) return 0;
    this.evaluations++;
    const x = routeU.nodes[last];

    if (ru !== rv) {
      const ku = routeU.vehicle;
      const emptiesU = segments.jobs(routeU.whole) === this.count;
      if (ctx.distanceBounds && !emptiesU && cp.nodeKind[x] === NodeKind.Job) {
        // Travel and prize only, less every penalty the move could lift (taking U out of its route,
        // and putting it into V's, where a detour can shorten a wait for a break): no merge needed.
        const p = segments.lastLocation(routeU.prefix(i - 1));
        const q = segments.firstLocation(routeU.suffix(last + 1));
        const a = segments.lastLocation(routeV.prefix(j));
        const b = segments.firstLocation(routeV.suffix(j + 1));
        const inner = this.count === 2 ? ctx.arcDistance(u, x) : 0;
        const out = cp.costPerDistance[ku] * (ctx.distances[p * ctx.n + q] - ctx.pathDistance(p, u, inner, x, q));
        const into = cp.costPerDistance[k] * (ctx.pathDistance(a, u, inner, x, b) - ctx.distances[a * ctx.n + b]);
        const prize = this.count === 2 ? 0 : this.maxPrizeGain(u);
        const fixed = segments.jobs(routeV.whole) === 0 ? cp.fixedCost[k] : 0;
        if (out + into - prize + fixed - routeU.penalty - routeV.penalty >= 0) return 0;
      }
      const removed = emptiesU ? -routeU.cost : ctx.cost2(routeU.prefix(i - 1), routeU.suffix(last + 1), ku) - routeU.cost;
      const emptyV = segments.jobs(routeV.whole) === 0;
      const a = segments.lastLocation(routeV.prefix(j));
      const b = segments.firstLocation(routeV.suffix(j + 1));
      let best = 0;
      this.chosen = -1;
      if (this.count === 1) {
        const g = cp.nodeGroup[u];
        for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) {
          const w = cp.groupNodes[p];
          if (cp.nodeKind[w] === NodeKind.Job) {
            const bound = removed + ctx.insertionBound(a, w, b, k, emptyV) - routeV.penalty;
            if (bound >= best) continue;
            // A route that waits for its windows has room for a visit in few places: the warp says where.
            if (bound + state.evaluator.timeWarpWeight * segments.concatenationWarp(routeV.prefix(j), nodeSegment(w), routeV.suffix(j + 1)) >= best) continue;
          }
          const delta = removed + ctx.cost3(routeV.prefix(j), nodeSegment(w), routeV.suffix(j + 1), k) - routeV.cost;
          if (delta < best - 1e-9) {
            best = delta;
            this.chosen = w;
          }
        }
        return best;
      }
      const moved = ctx.pair(u, x, ctx.b1);
      const delta = removed + ctx.cost3(routeV.prefix(j), moved, routeV.suffix(j + 1), k) - routeV.cost;
      return delta;
    }
    // Same route: travel only (prizes stay), less the penalty the move could lift, before the
    // stretch between the two places is merged node by node.
    if (ctx.distanceBounds && this.sameRouteTravel(routeU, i, last, j) - routeU.penalty >= 0) return 0;
    // Rebuild around the moved piece.
    const moved = this.count === 1 ? nodeSegment(u) : ctx.pair(u, x, ctx.b1);
    let cost: number;
    if (j < i) {
      cost = ctx.cost4(routeU.prefix(j), moved, ctx.between(routeU, j + 1, i - 1, ctx.b2), routeU.suffix(last + 1), k);
    } else {
      cost = ctx.cost4(routeU.prefix(i - 1), ctx.between(routeU, last + 1, j, ctx.b2), moved, routeU.suffix(j + 1), k);
    }
    this.chosen = -1;
    return cost - routeU.cost;
  }

  /**
   * What moving positions i..last of a route to just after position j changes in travel cost;
   * -Infinity (no bound) where a break stands at either place, having no location.
   */
  private sameRouteTravel(route: RouteState, i: number, last: number, j: number): number {
    const { cp, distances, n } = this.ctx;
    const nodes = route.nodes;
    const p = cp.nodeLocation[nodes[i - 1]];
    const u = cp.nodeLocation[nodes[i]];
    const x = cp.nodeLocation[nodes[last]];
    const q = cp.nodeLocation[nodes[last + 1]];
    const a = cp.nodeLocation[nodes[j]];
    const b = cp.nodeLocation[nodes[j + 1]];
    if (p < 0 || u < 0 || x < 0 || q < 0 || a < 0 || b < 0) return -Infinity;
    const out = distances[p * n + q] - distances[p * n + u] - distances[x * n + q];
    const into = distances[a * n + u] + distances[x * n + b] - distances[a * n + b];
    return cp.costPerDistance[route.vehicle] * (out + into);
  }

  /** How much more a sibling variant could earn than u. */
  private maxPrizeGain(u: number): number {
    const cp = this.ctx.cp;
    const g = cp.nodeGroup[u];
    let gain = 0;
    for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) gain = Math.max(gain, cp.nodePrize[cp.groupNodes[p]] - cp.nodePrize[u]);
    return gain;
  }

  apply(u: number, v: number): void {
    const { state } = this.ctx;
    this.applications++;
    const routeU = state.routes[state.nodeRoute[u]];
    const routeV = state.routes[state.nodeRoute[v]];
    const i = state.nodePosition[u];
    const x = routeU.nodes[i + this.count - 1];
    if (i <= routeU.locked) routeU.locked--; // a break leaving the locked prefix
    routeU.removeRange(i, this.count);
    state.detach(u);
    state.detach(x);
    if (routeU !== routeV) state.update(routeU);
    // v's position may have shifted if it came after u in the same route.
    const j = routeU === routeV ? routeV.nodes.indexOf(v) : state.nodePosition[v];
    const w = this.chosen >= 0 ? this.chosen : u;
    if (j + 1 <= routeV.locked) routeV.locked++; // a break entering the locked prefix
    routeV.insertAt(j + 1, w);
    if (this.count === 2) routeV.insertAt(j + 2, x);
    state.update(routeV);
  }
}
