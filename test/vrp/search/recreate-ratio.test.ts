import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem } from '../../../solver/vrp/search/compiled-problem';
import { CostEvaluator } from '../../../solver/vrp/search/cost-evaluator';
import { MoveContext } from '../../../solver/vrp/search/move-context';
import { Random } from '../../../solver/vrp/search/random';
import { Recreate } from '../../../solver/vrp/search/recreate';
import { SearchState } from '../../../solver/vrp/search/search-state';

/**
 * One vehicle at 0 on a line with 100 time units: near jobs at -10 and -20 worth 30 each, a far one
 * at 50 the other way worth 100 whose round trip takes the whole shift. Travel costs a thousandth of a unit.
 */
function nearAndFar(): { state: SearchState; recreate: Recreate } {
  const xs = [0, -10, -20, 50];
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  const job = (id: string, location: number, prize: number) => ({ id, location, service: 0, windows: [], prize, required: false, demand: 1, skills: [] });
  const problem: Problem = {
    locationCount: xs.length,
    durations: matrix,
    distances: matrix,
    jobs: [job('near', 1, 30), job('nearer-than-far', 2, 30), job('far', 3, 100)],
    vehicles: [
      {
        id: 'v',
        start: 0,
        end: 0,
        shift: { start: 0, end: 100 },
        breaks: [],
        skills: [],
        capacity: 10,
        costPerDistance: 0.001,
        costPerDuration: 0,
        fixedCost: 0,
      },
    ],
  };
  const cp = compileProblem(problem);
  const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
  return { state, recreate: new Recreate(new MoveContext(state), new Random(1)) };
}

const served = (state: SearchState): number[] => [0, 1, 2].filter((g) => state.groupNode[g] >= 0);

describe('recreate by prize per time taken', () => {
  it('serves the far job that pays 100 for the whole day, not the near ones offered first that pay 60 together', () => {
    const { state, recreate } = nearAndFar();
    expect(recreate.insertByRatio(Int32Array.from([0, 1, 2]), 3, 0)).toBe(2);
    expect(served(state)).toEqual([2]);
    expect(state.isFeasible()).toBe(true);
  });

  it('where cheapest insertion in the order given takes the near ones and leaves no time for the far one', () => {
    const { state, recreate } = nearAndFar();
    expect(recreate.insertAll(Int32Array.from([0, 1, 2]), 3, 0, 0)).toBe(1);
    expect(served(state)).toEqual([0, 1]);
  });
});
