/**
 * Insert an unserved job (U, any of its variants) just after V. Serving a required job that was left
 * out removes its (huge) penalty.
 */
import type { MoveContext } from '../move-context';
import type { NodeOperator } from './operator';
import { nodeSegment } from '../compiled-problem';
import { UNSERVED_REQUIRED_PENALTY } from './penalty';

export class InsertUnserved implements NodeOperator {
  readonly name = 'insert';
  evaluations = 0;
  applications = 0;
  private chosen = -1;

  constructor(private readonly ctx: MoveContext) {}

  evaluate(u: number, v: number): number {
    const { ctx } = this;
    const { state, cp, segments } = ctx;
    const g = cp.nodeGroup[u];
    const rv = state.nodeRoute[v];
    if (state.groupNode[g] >= 0 || rv < 0) return 0;
    const routeV = state.routes[rv];
    const j = state.nodePosition[v];
    const k = routeV.vehicle;
    if (j < routeV.locked || j >= routeV.length - 1 || !ctx.allowed(g, k) || !ctx.canJoin(g, k)) return 0;
    this.evaluations++;
    const bonus = cp.groupRequired[g] ? -UNSERVED_REQUIRED_PENALTY : 0;
    const emptyV = segments.jobs(routeV.whole) === 0;
    const a = segments.lastLocation(routeV.prefix(j));
    const b = segments.firstLocation(routeV.suffix(j + 1));
    let best = 0;
    this.chosen = -1;
    // The excess load it would cause is paid whatever the place: on a day of full routes, most places.
    const demand = cp.nodeDemand[cp.groupNodes[cp.groupStart[g]]];
    const overload = state.evaluator.loadWeight * Math.max(0, segments.load(routeV.whole) + demand - cp.capacity[k]);
    const warpWeight = state.evaluator.timeWarpWeight;
    for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) {
      const w = cp.groupNodes[p];
      const bound = bonus + ctx.insertionBound(a, w, b, k, emptyV) + overload - routeV.penalty;
      if (bound + warpWeight * ctx.lateness(routeV, k, ctx.insertionWork(a, w, b)) >= best) continue;
      // Where the route waits for its windows the work alone rarely says it will be late: the warp does.
      if (bound + warpWeight * segments.concatenationWarp(routeV.prefix(j), nodeSegment(w), routeV.suffix(j + 1)) >= best) continue;
      const delta = bonus + ctx.cost3(routeV.prefix(j), nodeSegment(w), routeV.suffix(j + 1), k) - routeV.cost;
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
    state.insert(this.chosen, state.routes[state.nodeRoute[v]], state.nodePosition[v]);
  }
}
