/**
 * Same-vehicle groups (model.ts `sameVehicle`): the served jobs of a group share one vehicle. The
 * checker rejects a split group; the search never returns one, and still serves grouped jobs when
 * they pay, moving a whole group between vehicles when that is better.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSolution } from '../../../solver/vrp/checker';
import type { Job, Problem, Vehicle } from '../../../solver/vrp/model';
import { compileProblem } from '../../../solver/vrp/search/compiled-problem';
import { solve } from '../../../solver/vrp/solve';
import { randomProblem } from './random-problem';

/**
 * Points on a line: depot A at x = 0, depot B at x = 100; jobs a1 at 5 and b1 at 95 (each next to
 * one depot), a2 at 10. Travel = distance = |dx|. Vehicle 0 lives at A, vehicle 1 at B.
 */
function twoDepots(over: Partial<Job> = {}): Problem {
  const xs = [0, 100, 5, 95, 10];
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  const job = (id: string, location: number): Job => ({ id, location, service: 1, windows: [], prize: 0, required: true, demand: 0, skills: [], ...over });
  const vehicle = (id: string, depot: number): Vehicle => ({
    id,
    start: depot,
    end: depot,
    shift: { start: 0, end: 1000 },
    breaks: [],
    skills: [],
    capacity: 10,
    costPerDistance: 1,
    costPerDuration: 0,
    fixedCost: 0,
  });
  return {
    locationCount: xs.length,
    durations: matrix,
    distances: matrix,
    jobs: [job('a1', 2), job('b1', 3), job('a2', 4)],
    vehicles: [vehicle('A', 0), vehicle('B', 1)],
  };
}

const vehicleOf = (problem: Problem, solution: ReturnType<typeof solve>['solution'], job: number) =>
  solution.routes.find((r) => r.visits.includes(job))?.vehicle;

describe('the checker and same-vehicle groups', () => {
  it('accepts a group on one route, or partly served, and rejects a group split across routes', () => {
    const problem = { ...twoDepots({ required: false }), sameVehicle: [[0, 1]] };
    const together = { routes: [{ vehicle: 0, visits: [0, 1] }], unassigned: [2] };
    expect(checkSolution(problem, together).violations).toEqual([]);
    const partly = { routes: [{ vehicle: 1, visits: [1] }], unassigned: [0, 2] };
    expect(checkSolution(problem, partly).violations).toEqual([]);
    const split = {
      routes: [
        { vehicle: 0, visits: [0] },
        { vehicle: 1, visits: [1] },
      ],
      unassigned: [2],
    };
    const result = checkSolution(problem, split);
    expect(result.feasible).toBe(false);
    expect(result.violations).toEqual([expect.objectContaining({ code: 'same-vehicle', job: 1, route: 1 })]);
  });

  it('reports a group naming a job that does not exist', () => {
    const problem = { ...twoDepots(), sameVehicle: [[0, 7]] };
    const result = checkSolution(problem, { routes: [{ vehicle: 0, visits: [0, 1, 2] }], unassigned: [] });
    expect(result.violations.map((v) => v.code)).toEqual(['malformed']);
  });
});

describe('the search and same-vehicle groups', () => {
  it('splits two far jobs between the nearer vehicles without a group, and keeps them on one with it', () => {
    const free = solve(twoDepots(), { seed: 1, maxIterations: 200 });
    expect(free.feasible).toBe(true);
    expect(vehicleOf(twoDepots(), free.solution, 0)).toBe(0);
    expect(vehicleOf(twoDepots(), free.solution, 1)).toBe(1);
    // Without the group: 20 + 10 = 30 (a1 and a2 from A, b1 from B). With it, a1 and b1 on one
    // vehicle: 0 -> 5 -> 10 -> 95 -> 0 = 190 (a2 on the way), or the same from B; nothing is cheaper.
    const problem = { ...twoDepots(), sameVehicle: [[0, 1]] };
    const grouped = solve(problem, { seed: 1, maxIterations: 200 });
    expect(grouped.feasible).toBe(true);
    expect(checkSolution(problem, grouped.solution).violations).toEqual([]);
    expect(vehicleOf(problem, grouped.solution, 0)).toBe(vehicleOf(problem, grouped.solution, 1));
    expect(grouped.objective).toBeCloseTo(190, 9);
  });

  it('serves a group only when the whole detour pays', () => {
    // Prize 150 each: b1 with a1 costs 190 - 20 = 170 more than a1 and a2 alone, more than b1 brings.
    const modest = { ...twoDepots({ required: false, prize: 150 }), sameVehicle: [[0, 1]] };
    const left = solve(modest, { seed: 3, maxIterations: 200 });
    expect(left.solution.unassigned).toEqual([1]);
    expect(left.objective).toBeCloseTo(20 - 300, 9);
    // Prize 200 each: 600 - 190 = 410 beats 400 - 20 = 380.
    const rich = { ...twoDepots({ required: false, prize: 200 }), sameVehicle: [[0, 1]] };
    const all = solve(rich, { seed: 3, maxIterations: 200 });
    expect(all.solution.unassigned).toEqual([]);
    expect(vehicleOf(rich, all.solution, 0)).toBe(vehicleOf(rich, all.solution, 1));
    expect(all.objective).toBeCloseTo(190 - 600, 9);
  });

  it('refuses a group with a job twice over or a job index that does not exist', () => {
    expect(() =>
      compileProblem({
        ...twoDepots(),
        sameVehicle: [
          [0, 1],
          [1, 2],
        ],
      }),
    ).toThrow(/job 1 is already in another group/);
    expect(() => compileProblem({ ...twoDepots(), sameVehicle: [[0, 3]] })).toThrow(/3 is not a job index/);
  });

  it('never splits a group, over random problems and groups (property)', () => {
    let together = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 4 }), (seed, size) => {
        const problem = randomProblem(seed, { jobs: 30, vehicles: 4, maxWindows: 2, optionalShare: 0.6, horizon: 400, breaks: seed % 2 === 0 });
        // Consecutive jobs in groups of `size`: jobs with unrelated places, which a free search spreads.
        const groups: number[][] = [];
        for (let j = 0; j + size <= 24; j += size) groups.push(Array.from({ length: size }, (_, i) => j + i));
        problem.sameVehicle = groups;
        const result = solve(problem, { seed, maxIterations: 100 });
        const check = checkSolution(problem, result.solution);
        expect(check.violations.filter((v) => v.code === 'same-vehicle')).toEqual([]);
        expect(check.feasible).toBe(result.feasible);
        for (const group of groups) if (group.filter((j) => !result.solution.unassigned.includes(j)).length > 1) together++;
      }),
      { numRuns: 15 },
    );
    // Not vacuous: groups were served whole or in part, on one vehicle.
    expect(together).toBeGreaterThan(15);
  });
});
