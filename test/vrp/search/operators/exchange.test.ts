import { describe, expect, it } from 'vitest';
import { Exchange } from '../../../../solver/vrp/search/operators/exchange';
import { checkOperator, copyPlan, type MoveSite, type Outcomes } from './harness';

/** The nu visits from U and the nv visits from V trade places. */
const swapped =
  (nu: 1 | 2, nv: 1 | 2) =>
  ({ plan, ru, rv, i, j }: MoveSite): Outcomes => {
    const result = copyPlan(plan);
    const fromU = plan[ru].slice(i - 1, i - 1 + nu);
    const fromV = plan[rv].slice(j - 1, j - 1 + nv);
    result[ru].splice(i - 1, nu, ...fromV);
    result[rv].splice(j - 1, nv, ...fromU);
    return { plans: [result], bestImprovement: false };
  };

// Longer pieces fit fewer random routes: more problems for them, and fewer moves expected.
describe.each([
  [1, 1, 300, 40],
  [2, 1, 300, 10],
  [2, 2, 600, 5],
] as const)('exchange %i-%i', (nu, nv, runs, expected) => {
  it('prices a move as the change in the reference cost, and applies what it priced', () => {
    const tally = checkOperator({ make: (ctx) => new Exchange(ctx, nu, nv), u: 'served-job', v: 'served-or-start', outcomes: swapped(nu, nv) }, runs);
    expect(tally.improving).toBeGreaterThan(expected);
    expect(tally.worsening).toBeGreaterThan(expected);
  });
});
