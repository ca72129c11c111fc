/**
 * Exchange: swap the N nodes starting at U with the M nodes starting at V (1-1, 2-1, 2-2), between
 * two routes. Same-route swaps are left to relocate, which covers most of their value cheaply.
 */
import type { MoveContext } from '../move-context';
import type { NodeOperator } from './operator';
import { nodeSegment } from '../compiled-problem';

export class Exchange implements NodeOperator {
  readonly name: string;
  evaluations = 0;
  applications = 0;

  constructor(
    private readonly ctx: MoveContext,
    private readonly nu: 1 | 2,
    private readonly nv: 1 | 2,
  ) {
    this.name = `exchange-${nu}-${nv}`;
  }

  evaluate(u: number, v: number): number {
    const { ctx } = this;
    const { state, segments } = ctx;
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
    const cp = ctx.cp;
    const x = routeU.nodes[iLast];
    const y = routeV.nodes[jLast];
    if (ctx.distanceBounds && cp.nodeKind[x] === 2 && cp.nodeKind[y] === 2) {
      // Travel and prize only, less every penalty the swap could lift: no merge needed.
      const pu = segments.lastLocation(routeU.prefix(i - 1));
      const qu = segments.firstLocation(routeU.suffix(iLast + 1));
      const pv = segments.lastLocation(routeV.prefix(j - 1));
      const qv = segments.firstLocation(routeV.suffix(jLast + 1));
      const innerU = this.nu === 2 ? ctx.arcDistance(u, x) : 0;
      const innerV = this.nv === 2 ? ctx.arcDistance(v, y) : 0;
      const prizeU = this.nu === 2 ? cp.nodePrize[u] + cp.nodePrize[x] : cp.nodePrize[u];
      const prizeV = this.nv === 2 ? cp.nodePrize[v] + cp.nodePrize[y] : cp.nodePrize[v];
      const deltaU = cp.costPerDistance[ku] * (ctx.pathDistance(pu, v, innerV, y, qu) - ctx.pathDistance(pu, u, innerU, x, qu)) + prizeU - prizeV;
      const deltaV = cp.costPerDistance[kv] * (ctx.pathDistance(pv, u, innerU, x, qv) - ctx.pathDistance(pv, v, innerV, y, qv)) + prizeV - prizeU;
      const bound = deltaU + deltaV - routeU.penalty - routeV.penalty;
      if (bound >= 0) return 0;
      // A single visit coming in: the warp it makes where it lands, read without merging.
      const warpWeight = state.evaluator.timeWarpWeight;
      const warpU = this.nv === 1 ? segments.concatenationWarp(routeU.prefix(i - 1), nodeSegment(v), routeU.suffix(iLast + 1)) : 0;
      const warpV = this.nu === 1 ? segments.concatenationWarp(routeV.prefix(j - 1), nodeSegment(u), routeV.suffix(jLast + 1)) : 0;
      if (bound + warpWeight * (warpU + warpV) >= 0) return 0;
    }
    const pieceU = this.nu === 1 ? nodeSegment(u) : ctx.pair(u, routeU.nodes[iLast], ctx.b1);
    const pieceV = this.nv === 1 ? nodeSegment(v) : ctx.pair(v, routeV.nodes[jLast], ctx.b2);
    const newU = ctx.cost3(routeU.prefix(i - 1), pieceV, routeU.suffix(iLast + 1), ku) - routeU.cost;
    const newV = ctx.cost3(routeV.prefix(j - 1), pieceU, routeV.suffix(jLast + 1), kv) - routeV.cost;
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
