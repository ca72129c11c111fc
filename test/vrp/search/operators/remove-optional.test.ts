import { describe, expect, it } from 'vitest';
import { RemoveOptional } from '../../../../solver/vrp/search/operators/remove-optional';
import { checkOperator, copyPlan, type MoveSite, type Outcomes } from './harness';

/** U left out. */
function removed({ plan, ru, i }: MoveSite): Outcomes {
  const result = copyPlan(plan);
  result[ru].splice(i - 1, 1);
  return { plans: [result], bestImprovement: false };
}

describe('remove (an optional job)', () => {
  it('prices a move as the change in the reference cost, and applies what it priced', () => {
    const tally = checkOperator({ make: (ctx) => new RemoveOptional(ctx), u: 'served-job', v: 'served-or-start', outcomes: removed }, 300);
    expect(tally.improving).toBeGreaterThan(300);
    expect(tally.worsening).toBeGreaterThan(80);
  });
});
