import { describe, expect, it } from 'vitest';
import { InsertUnserved } from '../../../../solver/vrp/search/operators/insert-optional';
import { checkOperator, copyPlan, variantsOf, type MoveSite, type Outcomes } from './harness';

/** The unserved job U, in any of its windows, just after V. */
function inserted({ cp, plan, u, rv, j }: MoveSite): Outcomes {
  const plans = variantsOf(cp, u).map((w) => {
    const result = copyPlan(plan);
    result[rv].splice(j, 0, w);
    return result;
  });
  return { plans, bestImprovement: true };
}

describe('insert (an unserved job)', () => {
  it('prices the best window as the change in the reference cost, and applies it', () => {
    const tally = checkOperator({ make: (ctx) => new InsertUnserved(ctx), u: 'unserved', v: 'served-or-start', outcomes: inserted }, 300);
    expect(tally.improving).toBeGreaterThan(300);
    expect(tally.zero).toBeGreaterThan(100);
  });
});
