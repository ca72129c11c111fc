import { describe, expect, it } from 'vitest';
import { SwapUnserved } from '../../../../solver/vrp/search/operators/swap-unserved';
import { checkOperator, copyPlan, variantsOf, type MoveSite, type Outcomes } from './harness';

/** The unserved job U, in any of its windows, in the optional job V's place (V left out). */
function swappedIn({ cp, plan, u, rv, j }: MoveSite): Outcomes {
  const plans = variantsOf(cp, u).map((w) => {
    const result = copyPlan(plan);
    result[rv][j - 1] = w;
    return result;
  });
  return { plans, bestImprovement: true };
}

describe('swap-unserved', () => {
  it('prices the best window as the change in the reference cost, and applies it', () => {
    const tally = checkOperator({ make: (ctx) => new SwapUnserved(ctx), u: 'unserved', v: 'served-job', outcomes: swappedIn }, 300);
    expect(tally.improving).toBeGreaterThan(100);
    expect(tally.zero).toBeGreaterThan(50);
  });
});
