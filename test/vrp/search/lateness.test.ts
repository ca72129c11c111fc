import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem, nodeSegment } from '../../../solver/vrp/search/compiled-problem';
import { CostEvaluator } from '../../../solver/vrp/search/cost-evaluator';
import { MoveContext } from '../../../solver/vrp/search/move-context';
import { InsertUnserved } from '../../../solver/vrp/search/operators/insert-optional';
import { SearchState, type RouteState } from '../../../solver/vrp/search/search-state';
import { randomProblem } from './random-problem';

function contextFor(problem: Problem, plan: number[][]): MoveContext {
  const cp = compileProblem(problem);
  const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
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

/**
 * Every place j of every route for every variant w of the jobs left out, on forty random problems
 * with windows and breaks: half the jobs in the routes (their first variant), the rest offered.
 */
function forEachPlace(visit: (ctx: MoveContext, route: RouteState, w: number, j: number) => void): void {
  for (let seed = 1; seed <= 40; seed++) {
    const p = randomProblem(seed, { jobs: 12, vehicles: 2, optionalShare: 0.5, maxWindows: 3, breaks: true, horizon: 150 });
    const cp = compileProblem(p);
    const plan: number[][] = [[], []];
    for (let g = 0; g < cp.jobCount; g += 2) plan[(g / 2) % 2].push(cp.groupNodes[cp.groupStart[g]]);
    for (let g = cp.jobCount; g < cp.groupCount; g++) plan[cp.groupVehicle[g]].splice(1, 0, cp.groupNodes[cp.groupStart[g]]);
    const ctx = contextFor(p, plan);
    for (const route of ctx.state.routes)
      for (let g = 1; g < cp.jobCount; g += 2)
        for (let q = cp.groupStart[g]; q < cp.groupStart[g + 1]; q++) for (let j = 0; j < route.length - 1; j++) visit(ctx, route, cp.groupNodes[q], j);
  }
}

describe("a route's work and the lateness it forces", () => {
  // On a line: depot at 0, A and B at 10. Shift [0, 100]; A takes 70 to serve, B 20.
  const xs = [0, 10, 10];
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  const job = (id: string, location: number, service: number) => ({ id, location, service, windows: [], prize: 50, required: false, demand: 1, skills: [] });
  const problem: Problem = {
    locationCount: 3,
    durations: matrix,
    distances: matrix,
    jobs: [job('A', 1, 70), job('B', 2, 20)],
    vehicles: [
      { id: 'v', start: 0, end: 0, shift: { start: 0, end: 100 }, breaks: [], skills: [], capacity: 10, costPerDistance: 1, costPerDuration: 0, fixedCost: 0 },
    ],
  };
  const [A, B] = [2, 3];

  it('counts travel and service, and B after A must run 10 late', () => {
    const ctx = contextFor(problem, [[A]]);
    const route = ctx.state.routes[0];
    expect(route.work).toBe(90);
    const a = ctx.segments.lastLocation(route.prefix(1));
    const b = ctx.segments.firstLocation(route.suffix(2));
    expect(ctx.insertionWork(a, B, b)).toBe(20);
    expect(ctx.lateness(route, 0, 20)).toBeCloseTo(10, 2);
    ctx.cost3(route.prefix(1), nodeSegment(B), route.suffix(2), 0);
    expect(ctx.segments.timeWarp(ctx.lastRoute)).toBe(10);
    // Worth 50, late by 10 at weight 1, 0 more driven: insert prices it at -40.
    expect(new InsertUnserved(ctx).evaluate(B, A)).toBe(-40);
  });

  it('never exceeds the time warp of the route with the visit in, with windows and breaks', () => {
    let checked = 0;
    let late = 0;
    forEachPlace((ctx, route, w, j) => {
      const a = ctx.segments.lastLocation(route.prefix(j));
      const b = ctx.segments.firstLocation(route.suffix(j + 1));
      const bound = ctx.lateness(route, route.vehicle, ctx.insertionWork(a, w, b));
      ctx.cost3(route.prefix(j), nodeSegment(w), route.suffix(j + 1), route.vehicle);
      expect(bound).toBeLessThanOrEqual(ctx.segments.timeWarp(ctx.lastRoute));
      checked++;
      if (bound > 0) late++;
    });
    expect(checked).toBeGreaterThan(1000);
    // The bound has to bite somewhere for the test to mean anything.
    expect(late).toBeGreaterThan(50);
  });
});

describe('the time warp of a place for one more visit, read without merging', () => {
  it("is the merged route's time warp to the bit where no break starts the visit or the rest, and never more", () => {
    let exact = 0;
    let warped = 0;
    let bounded = 0;
    forEachPlace((ctx, route, w, j) => {
      const { segments } = ctx;
      const read = segments.concatenationWarp(route.prefix(j), nodeSegment(w), route.suffix(j + 1));
      ctx.cost3(route.prefix(j), nodeSegment(w), route.suffix(j + 1), route.vehicle);
      const merged = segments.timeWarp(ctx.lastRoute);
      if (segments.hasHead(route.suffix(j + 1))) {
        expect(read).toBeLessThanOrEqual(merged);
        bounded++;
      } else {
        expect(read).toBe(merged);
        exact++;
        if (merged > 0) warped++;
      }
    });
    // Both paths taken, and places that run late among the exact ones.
    expect(exact).toBeGreaterThan(1000);
    expect(bounded).toBeGreaterThan(50);
    expect(warped).toBeGreaterThan(100);
  });
});
