import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem } from '../../../solver/vrp/search/compiled-problem';
import { CostEvaluator } from '../../../solver/vrp/search/cost-evaluator';
import { LocalSearch } from '../../../solver/vrp/search/local-search';
import { MoveContext } from '../../../solver/vrp/search/move-context';
import { computeNeighbours } from '../../../solver/vrp/search/neighbours';
import { Random } from '../../../solver/vrp/search/random';
import { SearchState } from '../../../solver/vrp/search/search-state';

/**
 * One vehicle at 0 on a line, jobs at 1..6 (nodes 2..7), visited out of order: 1 2 3 6 4 5. Any
 * local search that looks at jobs 4-6 straightens the route (12 driven instead of 14).
 */
function zigzag(): { search: LocalSearch; state: SearchState } {
  const xs = [0, 1, 2, 3, 4, 5, 6];
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  const problem: Problem = {
    locationCount: xs.length,
    durations: matrix,
    distances: matrix,
    jobs: xs.slice(1).map((x) => ({ id: `j${x}`, location: x, service: 0, windows: [], prize: 0, required: true, demand: 1, skills: [] })),
    vehicles: [
      { id: 'v', start: 0, end: 0, shift: { start: 0, end: 100 }, breaks: [], skills: [], capacity: 10, costPerDistance: 1, costPerDuration: 0, fixedCost: 0 },
    ],
  };
  const cp = compileProblem(problem);
  const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
  const route = state.routes[0];
  // Nodes 0 and 1 are the depot's start and end; job j is node j + 2.
  const nodes = [0, 2, 3, 4, 7, 5, 6, 1];
  route.grow(nodes.length + 1);
  route.nodes.set(nodes);
  route.length = nodes.length;
  state.update(route);
  const ctx = new MoveContext(state);
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
