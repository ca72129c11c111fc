import { describe, expect, it } from 'vitest';
import { TwoOpt } from '../../../../solver/vrp/search/operators/two-opt';
import { checkOperator, copyPlan, type MoveSite, type Outcomes } from './harness';

/** The visits after U up to V, in reverse order. */
function reversed({ plan, ru, i, j }: MoveSite): Outcomes {
  const result = copyPlan(plan);
  result[ru].splice(i, j - i, ...plan[ru].slice(i, j).reverse());
  return { plans: [result], bestImprovement: false };
}

describe('2-opt', () => {
  it('prices a move as the change in the reference cost, and applies what it priced', () => {
    const tally = checkOperator({ make: (ctx) => new TwoOpt(ctx), u: 'served-job', v: 'served-or-start', outcomes: reversed }, 400);
    expect(tally.improving).toBeGreaterThan(50);
    expect(tally.worsening).toBeGreaterThan(50);
    expect(tally.zero).toBeGreaterThan(10);
  });
});
