import { describe, expect, it } from 'vitest';
import { LocalSearch } from '../../../solver/vrp/search/local-search';
import { computeNeighbours } from '../../../solver/vrp/search/neighbours';
import { Random } from '../../../solver/vrp/search/random';
import type { SearchState } from '../../../solver/vrp/search/search-state';
import { routeOnALine } from './line-route';

/**
 * One vehicle at 0 on a line, jobs at 1..6, visited out of order: 1 2 3 6 4 5 (the job at 6 is
 * node 7). Any local search that looks at jobs 4-6 straightens the route (12 driven instead of 14).
 */
function zigzag(): { search: LocalSearch; state: SearchState } {
  const { cp, state, ctx } = routeOnALine(6, [1, 2, 3, 6, 4, 5]);
  const search = new LocalSearch(ctx, computeNeighbours(cp, 5), new Random(1), () => false);
  return { search, state };
}

describe('the focused local search after a ruin', () => {
  it('tries only the jobs marked promising', () => {
    const { search, state } = zigzag();
    expect(state.routes[0].cost).toBe(14);
    search.focus();
    search.run();
    // Nothing marked: nothing tried, the detour stays.
    expect(state.routes[0].cost).toBe(14);
    expect(search.operators.reduce((n, op) => n + op.evaluations, 0)).toBe(0);

    // Mark the job at 6 (node 7) and its neighbours in the route: the search straightens it.
    search.markAround(7);
    search.run();
    expect(state.routes[0].cost).toBe(12);
  });

  it('tries every job before the first focus', () => {
    const { search, state } = zigzag();
    search.run();
    expect(state.routes[0].cost).toBe(12);
  });
});
