import { describe, expect, it } from 'vitest';
import { computeNeighbours } from '../../../solver/vrp/search/neighbours';
import { Random } from '../../../solver/vrp/search/random';
import { Ruin } from '../../../solver/vrp/search/ruin';
import type { SearchState } from '../../../solver/vrp/search/search-state';
import { routeOnALine } from './line-route';

/** One vehicle at 0 on a line and 40 jobs at 1..40, all in one route in order. */
function oneLongRoute(stringsPerRoute: number, seed: number): { ruin: Ruin; state: SearchState } {
  const { cp, state, ctx } = routeOnALine(40);
  // Neighbours spread along the line: the seed's nearest reach well beyond one string.
  return { ruin: new Ruin(ctx, computeNeighbours(cp, 20), new Random(seed), 10, 10, stringsPerRoute), state };
}

describe('the ruin on one long route', () => {
  it('takes one string of at most 10 jobs from it (SISR), or up to two when allowed', () => {
    const most = (stringsPerRoute: number) => {
      let max = 0;
      for (let seed = 1; seed <= 40; seed++) {
        const { ruin, state } = oneLongRoute(stringsPerRoute, seed);
        ruin.run();
        expect(ruin.removedCount).toBeGreaterThan(0);
        expect(state.routes[0].length - 2 + ruin.removedCount).toBe(40);
        max = Math.max(max, ruin.removedCount);
      }
      return max;
    };
    expect(most(1)).toBeLessThanOrEqual(10);
    expect(most(2)).toBeGreaterThan(10);
    expect(most(2)).toBeLessThanOrEqual(20);
  });
});
