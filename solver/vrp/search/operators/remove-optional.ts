/** Remove an optional job U when serving it costs more than it is worth. V is ignored. */
import type { MoveContext } from '../move-context';
import type { NodeOperator } from './operator';

export class RemoveOptional implements NodeOperator {
  readonly name = 'remove';
  evaluations = 0;
  applications = 0;

  constructor(private readonly ctx: MoveContext) {}

  evaluate(u: number, _v: number): number {
    const { ctx } = this;
    const { state, cp } = ctx;
    const ru = state.nodeRoute[u];
    const g = cp.nodeGroup[u];
    if (ru < 0 || cp.groupRequired[g]) return 0;
    const route = state.routes[ru];
    const i = state.nodePosition[u];
    if (i <= route.locked) return 0;
    this.evaluations++;
    return ctx.cost2(route.prefix(i - 1), route.suffix(i + 1), route.vehicle) - route.cost;
  }

  apply(u: number, _v: number): void {
    this.applications++;
    this.ctx.state.remove(u);
  }
}
