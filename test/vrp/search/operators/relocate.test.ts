import { describe, expect, it } from 'vitest';
import { NodeKind } from '../../../../solver/vrp/search/compiled-problem';
import { Relocate } from '../../../../solver/vrp/search/operators/relocate';
import { checkOperator, copyPlan, variantsOf, type MoveSite, type Outcomes } from './harness';

/** U (and its successor, for or-opt) taken out and put back just after V; one U alone may switch to another of its windows. */
const moved =
  (count: 1 | 2) =>
  ({ cp, plan, u, v, ru, rv, i }: MoveSite): Outcomes => {
    const without = copyPlan(plan);
    const piece = without[ru].splice(i - 1, count);
    const at = cp.nodeKind[v] === NodeKind.Start ? 0 : without[rv].indexOf(v) + 1;
    const switching = count === 1 && ru !== rv;
    const pieces = switching ? variantsOf(cp, u).map((w) => [w]) : [piece];
    const plans = pieces.map((p) => {
      const result = copyPlan(without);
      result[rv].splice(at, 0, ...p);
      return result;
    });
    return { plans, bestImprovement: switching };
  };

describe('relocate', () => {
  it('prices a move as the change in the reference cost, and applies what it priced', () => {
    const tally = checkOperator({ make: (ctx) => new Relocate(ctx, 1), u: 'served', v: 'served-or-start', outcomes: moved(1) }, 300);
    expect(tally.improving).toBeGreaterThan(200);
    expect(tally.worsening).toBeGreaterThan(100);
    expect(tally.zero).toBeGreaterThan(100);
  });
});

describe('or-opt (relocate of two)', () => {
  it('prices a move as the change in the reference cost, and applies what it priced', () => {
    const tally = checkOperator({ make: (ctx) => new Relocate(ctx, 2), u: 'served-job', v: 'served-or-start', outcomes: moved(2) }, 300);
    expect(tally.improving).toBeGreaterThan(100);
    expect(tally.worsening).toBeGreaterThan(100);
    expect(tally.zero).toBeGreaterThan(5);
  });
});
