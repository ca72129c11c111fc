import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../../solver/vrp/model';
import { compileProblem } from '../../../../solver/vrp/search/compiled-problem';
import { CostEvaluator } from '../../../../solver/vrp/search/cost-evaluator';
import { MoveContext } from '../../../../solver/vrp/search/move-context';
import { InsertUnserved } from '../../../../solver/vrp/search/operators/insert-optional';
import { Relocate } from '../../../../solver/vrp/search/operators/relocate';
import { SearchState } from '../../../../solver/vrp/search/search-state';

/**
 * A detour that shortens a route: on a line, depot at 0, job A at 20 (window [47, 57]), job C at 10
 * (window [75, 132], 3 to serve, worth nothing) and, for the car, job D at 10 too. The van's break
 * (10 long, in [75, 128]) comes first, so it is taken at the depot: the van waits there until 75
 * and reaches A at 105, 48 late. With C first it drives to C while it would have waited, breaks
 * there and reaches A at 98, 41 late: the same 40 driven, 7 less time warp. A bound on a move's
 * cost that counts travel and prize must leave room for the time warp a detour can lift.
 * Nodes: 0-3 the depots, 4 A, 5 C, 6 D, 7 the break.
 */
const [A, C, D, BREAK] = [4, 5, 6, 7];
const TIME_WARP_WEIGHT = 3;

function breakDetour(plan: number[][]): MoveContext {
  const xs = [0, 20, 10];
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  const job = (id: string, location: number, windows: { start: number; end: number }[], service: number) => ({
    id,
    location,
    service,
    windows,
    prize: 0,
    required: id === 'A',
    demand: 0,
    skills: [],
  });
  const vehicle = (id: string, breaks: Problem['vehicles'][number]['breaks']) => ({
    id,
    start: 0,
    end: 0,
    shift: { start: 0, end: 200 },
    breaks,
    skills: [],
    capacity: 10,
    costPerDistance: 1,
    costPerDuration: 0,
    fixedCost: 0,
  });
  const problem: Problem = {
    locationCount: xs.length,
    durations: matrix,
    distances: matrix,
    jobs: [job('A', 1, [{ start: 47, end: 57 }], 0), job('C', 2, [{ start: 75, end: 132 }], 3), job('D', 2, [], 0)],
    vehicles: [vehicle('van', [{ id: 'lunch', duration: 10, windows: [{ start: 75, end: 128 }] }]), vehicle('car', [])],
  };
  const cp = compileProblem(problem);
  const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: TIME_WARP_WEIGHT, load: 1, distance: 1 }));
  plan.forEach((visits, k) => {
    const route = state.routes[k];
    const nodes = [2 * k, ...visits, 2 * k + 1];
    route.grow(nodes.length + 1);
    route.nodes.set(nodes);
    route.length = nodes.length;
    state.update(route);
  });
  return new MoveContext(state);
}

describe('the bounds that cut move evaluations short', () => {
  it('let insert see a detour that drives while the route would wait for a break', () => {
    const ctx = breakDetour([[BREAK, A], []]);
    expect(ctx.state.routes[0].penalty).toBe(48 * TIME_WARP_WEIGHT);
    expect(new InsertUnserved(ctx).evaluate(C, 0)).toBe(-7 * TIME_WARP_WEIGHT);
  });

  it('let relocate see such a detour in the route it moves a job into', () => {
    // C leaves the car's route [C, D] (no shorter for it: C and D share a place) for the van's, at the start.
    const ctx = breakDetour([
      [BREAK, A],
      [C, D],
    ]);
    expect(ctx.distanceBounds).toBe(true);
    expect(new Relocate(ctx, 1).evaluate(C, 0)).toBe(-7 * TIME_WARP_WEIGHT);
  });
});
