/**
 * 2-opt*: exchange the tails of two routes after U and after V (U or V may be a start depot).
 */
import type { MoveContext } from '../move-context';
import type { NodeOperator } from './operator';

export class TwoOptStar implements NodeOperator {
  readonly name = '2-opt*';
  evaluations = 0;
  applications = 0;

  constructor(private readonly ctx: MoveContext) {}

  evaluate(u: number, v: number): number {
    const { ctx } = this;
    const { state } = ctx;
    const ru = state.nodeRoute[u];
    const rv = state.nodeRoute[v];
    if (ru < 0 || rv < 0 || ru === rv) return 0;
    const routeU = state.routes[ru];
    const routeV = state.routes[rv];
    const i = state.nodePosition[u];
    const j = state.nodePosition[v];
    if (i < routeU.locked || j < routeV.locked || i >= routeU.length - 1 || j >= routeV.length - 1) return 0;
    const ku = routeU.vehicle;
    const kv = routeV.vehicle;
    if (!ctx.canMoveTo(routeU, i + 1, routeU.length - 2, kv) || !ctx.canMoveTo(routeV, j + 1, routeV.length - 2, ku)) return 0;
    this.evaluations++;
    const newU = ctx.cost2(routeU.prefix(i), ctx.tailFor(routeV, j + 1, ku, ctx.b1), ku) - routeU.cost;
    const newV = ctx.cost2(routeV.prefix(j), ctx.tailFor(routeU, i + 1, kv, ctx.b2), kv) - routeV.cost;
    return newU + newV;
  }

  apply(u: number, v: number): void {
    const { state } = this.ctx;
    this.applications++;
    const routeU = state.routes[state.nodeRoute[u]];
    const routeV = state.routes[state.nodeRoute[v]];
    const i = state.nodePosition[u];
    const j = state.nodePosition[v];
    const tailU = routeU.nodes.slice(i + 1, routeU.length - 1);
    const tailV = routeV.nodes.slice(j + 1, routeV.length - 1);
    const endU = routeU.nodes[routeU.length - 1];
    const endV = routeV.nodes[routeV.length - 1];
    routeU.length = i + 1;
    routeV.length = j + 1;
    routeU.grow(i + 2 + tailV.length + 1);
    routeV.grow(j + 2 + tailU.length + 1);
    routeU.nodes.set(tailV, i + 1);
    routeU.nodes[i + 1 + tailV.length] = endU;
    routeU.length = i + 2 + tailV.length;
    routeV.nodes.set(tailU, j + 1);
    routeV.nodes[j + 1 + tailU.length] = endV;
    routeV.length = j + 2 + tailU.length;
    state.update(routeU);
    state.update(routeV);
  }
}
