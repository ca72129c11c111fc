/**
 * One or two routes where prizes alone decide: the search makes several starts from new
 * constructions (search.ts fewRoutesStarts), each on routes emptied by SearchState.clearRoutes.
 */
import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../solver/vrp/checker';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem } from '../../../solver/vrp/search/compiled-problem';
import { construct } from '../../../solver/vrp/search/construction';
import { CostEvaluator } from '../../../solver/vrp/search/cost-evaluator';
import { MoveContext } from '../../../solver/vrp/search/move-context';
import { Random } from '../../../solver/vrp/search/random';
import { Recreate } from '../../../solver/vrp/search/recreate';
import { DEFAULT_PARAMETERS, runSearch } from '../../../solver/vrp/search/search';
import { SearchState } from '../../../solver/vrp/search/search-state';
import { prizesOnALine } from './prizes-on-a-line';

/** Vehicles at 0 on a line, 100 time units: jobs at -30..-5 worth 10 each, and at 20..45 worth 12 each. */
function twoAreas(vehicles = 1): Problem {
  return prizesOnALine([-5, -10, -15, -20, -25, -30, 20, 25, 30, 35, 40, 45], (x) => (x < 0 ? 10 : 12), vehicles, 100, 0.001);
}

function constructed(problem: Problem, seed: number): { state: SearchState; ctx: MoveContext } {
  const cp = compileProblem(problem);
  const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
  const ctx = new MoveContext(state);
  construct(ctx, new Recreate(ctx, new Random(seed)), new Random(seed));
  return { state, ctx };
}

describe('several starts on one or two routes', () => {
  it('clearRoutes leaves every job unserved and the route empty, so a construction on it is a fresh one', () => {
    const problem = twoAreas();
    const fresh = constructed(problem, 7).state.toSolution();
    const { state, ctx } = constructed(problem, 3);
    expect(state.toSolution().routes[0].visits.length).toBeGreaterThan(0);
    state.clearRoutes();
    expect([...state.groupNode].every((u) => u === -1)).toBe(true);
    expect(state.routes[0].length).toBe(2);
    expect(state.objective()).toBe(0);
    construct(ctx, new Recreate(ctx, new Random(7)), new Random(7));
    expect(state.toSolution()).toEqual(fresh);
  });

  it.each([
    // West to -30 and back takes 60 and its six visits 30: worth 60. East, visits pay 12 but only
    // four fit (to 35 and back, 70 + 20): 48.
    ['one route works the richer area (not the better-paid visits)', 1, 60],
    // All six western visits (60), and four eastern ones (48): both routes east make 72 at most.
    ['two routes work one area each', 2, 108],
  ])('%s: a checked answer, the same for the same seed', (_what, vehicles, prize) => {
    const problem = twoAreas(vehicles);
    const options = { seed: 5, maxIterations: 200 };
    const first = runSearch(problem, options, { ...DEFAULT_PARAMETERS, fewRoutesStarts: 5 });
    expect(checkSolution(problem, first.solution).feasible).toBe(true);
    expect(-first.objective).toBeCloseTo(prize, 0);
    expect(runSearch(problem, options, { ...DEFAULT_PARAMETERS, fewRoutesStarts: 5 }).solution).toEqual(first.solution);
  });

  it('with three routes makes no start: the run takes the same steps as with one', () => {
    const problem = twoAreas(3);
    const options = { seed: 5, maxIterations: 200 };
    const starts = runSearch(problem, options, { ...DEFAULT_PARAMETERS, fewRoutesStarts: 5 });
    const one = runSearch(problem, options, { ...DEFAULT_PARAMETERS, fewRoutesStarts: 1 });
    expect(starts.solution).toEqual(one.solution);
    expect(starts.objective).toBe(one.objective);
  });
});
