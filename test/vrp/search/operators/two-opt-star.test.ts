import { describe, expect, it } from 'vitest';
import { TwoOptStar } from '../../../../solver/vrp/search/operators/two-opt-star';
import { checkOperator, copyPlan, type MoveSite, type Outcomes } from './harness';

/** The two routes trade everything after U and after V. */
function tailsSwapped({ plan, ru, rv, i, j }: MoveSite): Outcomes {
  const result = copyPlan(plan);
  result[ru] = [...plan[ru].slice(0, i), ...plan[rv].slice(j)];
  result[rv] = [...plan[rv].slice(0, j), ...plan[ru].slice(i)];
  return { plans: [result], bestImprovement: false };
}

describe('2-opt*', () => {
  it('prices a move as the change in the reference cost, and applies what it priced', () => {
    const tally = checkOperator({ make: (ctx) => new TwoOptStar(ctx), u: 'served-job', v: 'served-or-start', outcomes: tailsSwapped }, 300);
    expect(tally.improving).toBeGreaterThan(40);
    expect(tally.worsening).toBeGreaterThan(40);
    expect(tally.zero).toBeGreaterThan(50); // empty tails traded: no change
  });
});
