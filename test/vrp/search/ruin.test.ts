import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem } from '../../../solver/vrp/search/compiled-problem';
import { CostEvaluator } from '../../../solver/vrp/search/cost-evaluator';
import { MoveContext } from '../../../solver/vrp/search/move-context';
import { computeNeighbours } from '../../../solver/vrp/search/neighbours';
import { Random } from '../../../solver/vrp/search/random';
import { Ruin } from '../../../solver/vrp/search/ruin';
import { SearchState } from '../../../solver/vrp/search/search-state';

/** One vehicle at 0 on a line and 40 jobs at 1..40 (nodes 2..41), all in one route in order. */
function oneLongRoute(stringsPerRoute: number, seed: number): { ruin: Ruin; state: SearchState } {
  const xs = Array.from({ length: 41 }, (_, i) => i);
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  const problem: Problem = {
    locationCount: xs.length,
    durations: matrix,
    distances: matrix,
    jobs: xs.slice(1).map((x) => ({ id: `j${x}`, location: x, service: 0, windows: [], prize: 0, required: true, demand: 1, skills: [] })),
    vehicles: [
      {
        id: 'v',
        start: 0,
        end: 0,
        shift: { start: 0, end: 1000 },
        breaks: [],
        skills: [],
        capacity: 100,
        costPerDistance: 1,
        costPerDuration: 0,
        fixedCost: 0,
      },
    ],
  };
  const cp = compileProblem(problem);
  const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
  const route = state.routes[0];
  const nodes = [0, ...xs.slice(1).map((x) => x + 1), 1];
  route.grow(nodes.length + 1);
  route.nodes.set(nodes);
  route.length = nodes.length;
  state.update(route);
  const ctx = new MoveContext(state);
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
