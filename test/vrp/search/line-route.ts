/** A search state for operator and ruin tests: one vehicle and its route along a line. */
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem, type CompiledProblem } from '../../../solver/vrp/search/compiled-problem';
import { CostEvaluator } from '../../../solver/vrp/search/cost-evaluator';
import { MoveContext } from '../../../solver/vrp/search/move-context';
import { SearchState } from '../../../solver/vrp/search/search-state';

/**
 * One vehicle at 0 on a line and required jobs at 1..jobs (job at x is node x + 1: nodes 0 and 1
 * are the depot's start and end), all in its route in `order` (positions on the line; default along
 * it). Distance is the cost; the shift and capacity never bind.
 */
export function routeOnALine(jobs: number, order?: number[]): { cp: CompiledProblem; state: SearchState; ctx: MoveContext } {
  const xs = Array.from({ length: jobs + 1 }, (_, i) => i);
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
        shift: { start: 0, end: 10 * jobs * jobs },
        breaks: [],
        skills: [],
        capacity: jobs,
        costPerDistance: 1,
        costPerDuration: 0,
        fixedCost: 0,
      },
    ],
  };
  const cp = compileProblem(problem);
  const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
  const route = state.routes[0];
  const nodes = [0, ...(order ?? xs.slice(1)).map((x) => x + 1), 1];
  route.grow(nodes.length + 1);
  route.nodes.set(nodes);
  route.length = nodes.length;
  state.update(route);
  return { cp, state, ctx: new MoveContext(state) };
}
