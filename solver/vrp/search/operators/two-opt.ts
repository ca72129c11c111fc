/**
 * 2-opt within a route: reverse the visits from U's successor through V. Time windows make the
 * reversed stretch a new segment, built node by node, so the stretch is capped in length.
 */
import type { MoveContext } from '../move-context';
import type { NodeOperator } from './operator';
import { nodeSegment } from '../compiled-problem';

/** Longest reversed stretch evaluated (its cost grows with its length). */
const MAX_REVERSED = 24;

export class TwoOpt implements NodeOperator {
  readonly name = '2-opt';
  evaluations = 0;
  applications = 0;

  constructor(private readonly ctx: MoveContext) {}

  evaluate(u: number, v: number): number {
    const { ctx } = this;
    const { state, cp, segments } = ctx;
    const ru = state.nodeRoute[u];
    if (ru < 0 || ru !== state.nodeRoute[v]) return 0;
    const route = state.routes[ru];
    const i = state.nodePosition[u];
    const j = state.nodePosition[v];
    if (j <= i + 1 || j - i > MAX_REVERSED || i < route.locked || j >= route.length - 1) return 0;
    this.evaluations++;
    const k = route.vehicle;
    if (ctx.distanceBounds) {
      // Travel only (prizes do not change), less the penalty the reversal could lift.
      const n = ctx.n;
      const a = segments.lastLocation(route.prefix(i));
      const b = segments.firstLocation(route.suffix(j + 1));
      const first = route.nodes[i + 1];
      const last = route.nodes[j];
      if (cp.nodeLocation[first] >= 0 && cp.nodeLocation[last] >= 0 && ctx.symmetric) {
        const delta =
          ctx.distances[a * n + cp.nodeLocation[last]] +
          ctx.distances[cp.nodeLocation[first] * n + b] -
          ctx.distances[a * n + cp.nodeLocation[first]] -
          ctx.distances[cp.nodeLocation[last] * n + b];
        if (cp.costPerDistance[k] * delta - route.penalty >= 0) return 0;
      }
    }
    const reversed = ctx.b3;
    segments.clear(reversed);
    for (let p = j; p > i; p--) segments.merge(reversed, reversed, nodeSegment(route.nodes[p]));
    return ctx.cost3(route.prefix(i), reversed, route.suffix(j + 1), k) - route.cost;
  }

  apply(u: number, v: number): void {
    const { state } = this.ctx;
    this.applications++;
    const route = state.routes[state.nodeRoute[u]];
    let a = state.nodePosition[u] + 1;
    let b = state.nodePosition[v];
    while (a < b) {
      const t = route.nodes[a];
      route.nodes[a] = route.nodes[b];
      route.nodes[b] = t;
      a++;
      b--;
    }
    state.update(route);
  }
}
