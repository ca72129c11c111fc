/**
 * Replace a served optional job V by the unserved job U (its best variant) at V's place: the
 * orienteering move that trades a visit for a more valuable one nearby.
 */
import type { MoveContext } from '../move-context';
import type { NodeOperator } from './operator';
import { nodeSegment } from '../compiled-problem';
import { UNSERVED_REQUIRED_PENALTY } from './penalty';

export class SwapUnserved implements NodeOperator {
  readonly name = 'swap-unserved';
  evaluations = 0;
  applications = 0;
  private chosen = -1;

  constructor(private readonly ctx: MoveContext) {}

  evaluate(u: number, v: number): number {
    const { ctx } = this;
    const { state, cp } = ctx;
    const g = cp.nodeGroup[u];
    const rv = state.nodeRoute[v];
    const gv = cp.nodeGroup[v];
    if (state.groupNode[g] >= 0 || rv < 0 || gv < 0 || cp.groupRequired[gv]) return 0;
    const routeV = state.routes[rv];
    const j = state.nodePosition[v];
    const k = routeV.vehicle;
    if (j <= routeV.locked || j >= routeV.length - 1 || !ctx.allowed(g, k) || !ctx.canJoin(g, k)) return 0;
    this.evaluations++;
    const bonus = cp.groupRequired[g] ? -UNSERVED_REQUIRED_PENALTY : 0;
    let best = 0;
    this.chosen = -1;
    // Travel and prize bound the change from below (less the penalties the swap could remove):
    // on a day of full routes most unserved visits are worth less than the one they would replace.
    const a = ctx.segments.lastLocation(routeV.prefix(j - 1));
    const b = ctx.segments.firstLocation(routeV.suffix(j + 1));
    const out = ctx.distanceBounds ? ctx.insertionBound(a, v, b, k, false) + routeV.penalty : Infinity;
    const workOut = ctx.insertionWork(a, v, b);
    const warpWeight = state.evaluator.timeWarpWeight;
    for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) {
      const w = cp.groupNodes[p];
      const bound = bonus + ctx.insertionBound(a, w, b, k, false) - out;
      if (bound + warpWeight * ctx.lateness(routeV, k, ctx.insertionWork(a, w, b) - workOut) >= best) continue;
      if (bound + warpWeight * ctx.segments.concatenationWarp(routeV.prefix(j - 1), nodeSegment(w), routeV.suffix(j + 1)) >= best) continue;
      const delta = bonus + ctx.cost3(routeV.prefix(j - 1), nodeSegment(w), routeV.suffix(j + 1), k) - routeV.cost;
      if (delta < best - 1e-9) {
        best = delta;
        this.chosen = w;
      }
    }
    return best;
  }

  apply(_u: number, v: number): void {
    const { state } = this.ctx;
    this.applications++;
    const route = state.routes[state.nodeRoute[v]];
    const j = state.nodePosition[v];
    route.nodes[j] = this.chosen;
    state.detach(v);
    state.update(route);
  }
}
