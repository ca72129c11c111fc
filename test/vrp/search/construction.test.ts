import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem, NodeKind } from '../../../solver/vrp/search/compiled-problem';
import { construct } from '../../../solver/vrp/search/construction';
import { CostEvaluator } from '../../../solver/vrp/search/cost-evaluator';
import { MoveContext } from '../../../solver/vrp/search/move-context';
import { Random } from '../../../solver/vrp/search/random';
import { Recreate } from '../../../solver/vrp/search/recreate';
import { SearchState } from '../../../solver/vrp/search/search-state';

/** Jobs A, B, C on a line at 1, 2, 3 (the depot at 0); one vehicle with a lunch break. */
function morningDone(initialVisits: number[]): Problem {
  const xs = [0, 1, 2, 3];
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  const job = (id: string, location: number) => ({ id, location, service: 10, windows: [], prize: 100, required: false, demand: 1, skills: [] });
  return {
    locationCount: xs.length,
    durations: matrix,
    distances: matrix,
    jobs: [job('A', 1), job('B', 2), job('C', 3)],
    vehicles: [
      {
        id: 'v',
        start: 0,
        end: 0,
        shift: { start: 0, end: 500 },
        breaks: [{ id: 'lunch', duration: 30, windows: [{ start: 0, end: 500 }] }],
        skills: [],
        capacity: 10,
        costPerDistance: 1,
        costPerDuration: 0,
        fixedCost: 0,
        // A and B are done: the re-plan may not move them.
        lockedPrefix: [0, 1],
      },
    ],
    initial: { routes: [{ vehicle: 0, visits: initialVisits }], unassigned: [] },
  };
}

/** The first solution's route as the model's visit list (jobs by index, the break as -1). */
function constructed(problem: Problem): { visits: number[]; locked: number } {
  const cp = compileProblem(problem);
  const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
  const ctx = new MoveContext(state);
  const rng = new Random(1);
  construct(ctx, new Recreate(ctx, rng), rng);
  const route = state.routes[0];
  const visits = Array.from(route.nodes.subarray(1, route.length - 1), (u) => (cp.nodeKind[u] === NodeKind.Break ? -1 : cp.nodeGroup[u]));
  return { visits, locked: route.locked };
}

describe('the first solution of a re-plan', () => {
  it('keeps a break taken between two done stops where it was, inside the locked prefix', () => {
    expect(constructed(morningDone([0, -1, 1, 2]))).toEqual({ visits: [0, -1, 1, 2], locked: 3 });
  });

  it('puts a break the day has not reached yet after the locked prefix, as the initial route has it', () => {
    expect(constructed(morningDone([0, 1, -1, 2]))).toEqual({ visits: [0, 1, -1, 2], locked: 2 });
  });
});
