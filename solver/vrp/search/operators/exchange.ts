/**
 * Exchange: swap the N nodes starting at U with the M nodes starting at V (1-1, 2-1, 2-2), between
 * two routes. Same-route swaps are left to relocate, which covers most of their value cheaply.
 */
import type { MoveContext } from '../move-context';
import type { NodeOperator } from './operator';

export class Exchange implements NodeOperator {
  readonly name: string;
  evaluations = 0;
  applications = 0;

  constructor(private readonly ctx: MoveContext, private readonly nu: 1 | 2, private readonly nv: 1 | 2) {
    this.name = `exchange-${nu}-${nv}`;
  }

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
    const iLast = i + this.nu - 1;
    const jLast = j + this.nv - 1;
    if (i <= routeU.locked || j <= routeV.locked || iLast >= routeU.length - 1 || jLast >= routeV.length - 1) return 0;
    const ku = routeU.vehicle;
    const kv = routeV.vehicle;
    if (!ctx.canMoveTo(routeU, i, iLast, kv) || !ctx.canMoveTo(routeV, j, jLast, ku)) return 0;
    this.evaluations++;
    const seg = ctx.cp.nodeSegment;
    const pieceU = this.nu === 1 ? seg[u] : ctx.pair(u, routeU.nodes[iLast], ctx.b1);
    const pieceV = this.nv === 1 ? seg[v] : ctx.pair(v, routeV.nodes[jLast], ctx.b2);
    const newU = ctx.cost3(routeU.prefix[i - 1], pieceV, routeU.suffix[iLast + 1], ku) - routeU.cost;
    const newV = ctx.cost3(routeV.prefix[j - 1], pieceU, routeV.suffix[jLast + 1], kv) - routeV.cost;
    return newU + newV;
  }

  apply(u: number, v: number): void {
    const { state } = this.ctx;
    this.applications++;
    const routeU = state.routes[state.nodeRoute[u]];
    const routeV = state.routes[state.nodeRoute[v]];
    const i = state.nodePosition[u];
    const j = state.nodePosition[v];
    const takenU = routeU.nodes.slice(i, i + this.nu);
    const takenV = routeV.nodes.slice(j, j + this.nv);
    routeU.removeRange(i, this.nu);
    routeV.removeRange(j, this.nv);
    for (let p = 0; p < takenV.length; p++) routeU.insertAt(i + p, takenV[p]);
    for (let p = 0; p < takenU.length; p++) routeV.insertAt(j + p, takenU[p]);
    state.update(routeU);
    state.update(routeV);
  }
}
