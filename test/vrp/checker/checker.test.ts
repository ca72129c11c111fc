import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../solver/vrp/checker';
import type { Problem, Solution } from '../../../solver/vrp/model';
import { readSolomon } from '../../../solver/vrp/io/solomon';
import { lineProblem } from './line-problem';

/** The published 10-route optimum of Solomon C101 (828.94), by customer number. */
const C101_OPTIMUM = [
  [5, 3, 7, 8, 10, 11, 9, 6, 4, 2, 1, 75],
  [13, 17, 18, 19, 15, 16, 14, 12],
  [20, 24, 25, 27, 29, 30, 28, 26, 23, 22, 21],
  [32, 33, 31, 35, 37, 38, 39, 36, 34],
  [43, 42, 41, 40, 44, 46, 45, 48, 51, 50, 52, 49, 47],
  [57, 55, 54, 53, 56, 58, 60, 59],
  [67, 65, 63, 62, 74, 72, 61, 64, 68, 66, 69],
  [81, 78, 76, 71, 70, 73, 77, 79, 80],
  [90, 87, 86, 83, 82, 84, 85, 88, 89, 91],
  [98, 96, 95, 94, 92, 93, 97, 100, 99],
];

const c101 = readSolomon(new URL('../../../data/bench/solomon/instances/C101.txt', import.meta.url).pathname);

function c101Solution(routes = C101_OPTIMUM): Solution {
  const index = new Map(c101.problem.jobs.map((job, i) => [job.id, i]));
  return { routes: routes.map((ids, vehicle) => ({ vehicle, visits: ids.map((id) => index.get(String(id))!) })), unassigned: [] };
}

function codes(problem: Problem, solution: Solution): string[] {
  return checkSolution(problem, solution).violations.map((v) => v.code);
}

describe('checkSolution on Solomon C101', () => {
  it('accepts the published optimum and recomputes its distance', () => {
    const result = checkSolution(c101.problem, c101Solution());
    expect(result.violations).toEqual([]);
    expect(result.feasible).toBe(true);
    expect(result.vehicles).toBe(10);
    expect(result.distance).toBeCloseTo(828.94, 2);
    expect(result.objective).toBeCloseTo(result.distance, 9);
    expect(result.prize).toBe(0);
  });

  it('rejects a late arrival (a route driven backwards)', () => {
    const routes = C101_OPTIMUM.map((route, i) => (i === 0 ? [...route].reverse() : route));
    const result = checkSolution(c101.problem, c101Solution(routes));
    expect(result.feasible).toBe(false);
    expect(result.violations.some((v) => v.code === 'late' && v.route === 0)).toBe(true);
  });

  it('rejects a duplicate visit and a missing required customer', () => {
    const duplicated = C101_OPTIMUM.map((route, i) => (i === 1 ? [...route, 99] : route));
    expect(codes(c101.problem, c101Solution(duplicated))).toContain('duplicate');
    const missing = C101_OPTIMUM.map((route, i) => (i === 9 ? route.filter((id) => id !== 99) : route));
    const result = checkSolution(c101.problem, c101Solution(missing));
    expect(result.violations).toEqual([expect.objectContaining({ code: 'missing-required', job: 98 })]);
  });

  it('rejects going over capacity', () => {
    // Route 5 of the optimum carries 200; two routes merged carry more than any van.
    const merged = [[...C101_OPTIMUM[5], ...C101_OPTIMUM[1]], ...C101_OPTIMUM.filter((_, i) => i !== 5 && i !== 1)];
    expect(codes(c101.problem, c101Solution(merged))).toContain('capacity');
  });

  it('rejects an unknown vehicle, a vehicle driving two routes and an unknown job', () => {
    const solution = c101Solution();
    solution.routes[1].vehicle = 0;
    solution.routes[2].vehicle = 99;
    solution.unassigned.push(500);
    expect(codes(c101.problem, solution)).toEqual(expect.arrayContaining(['vehicle-reused', 'unknown-vehicle', 'unknown-job']));
  });
});

describe('checkSolution on planted violations', () => {
  const LUNCH = -1;
  const good: Solution = { routes: [{ vehicle: 0, visits: [0, 1, LUNCH, 2] }], unassigned: [] };

  it('accepts the hand route and computes the objective as costs minus collected value', () => {
    const result = checkSolution(lineProblem(), good);
    expect(result.violations).toEqual([]);
    // fixed 7 + distance 60 + 0.5 * duration 90, minus values 10 + 10 + 4
    expect(result.objective).toBe(7 + 60 + 45 - 24);
    expect(result).toMatchObject({ distance: 60, duration: 90, prize: 24, cost: 112, vehicles: 1 });
  });

  it('rejects a break not taken and a break outside its window', () => {
    expect(codes(lineProblem(), { routes: [{ vehicle: 0, visits: [0, 1, 2] }], unassigned: [] })).toEqual(['break-missing']);
    expect(codes(lineProblem(), { routes: [{ vehicle: 0, visits: [0, 2, 1, LUNCH] }], unassigned: [] })).toEqual(['break-late']);
    expect(codes(lineProblem(), { routes: [{ vehicle: 0, visits: [0, LUNCH, 1, LUNCH, 2] }], unassigned: [] })).toContain('break-duplicate');
  });

  it('rejects a return after the shift end', () => {
    const problem = lineProblem();
    problem.vehicles[0].shift.end = 109;
    expect(codes(problem, good)).toEqual(['shift-end']);
  });

  it('rejects a moved locked prefix, and a locked vehicle without a route', () => {
    const problem = lineProblem();
    problem.vehicles[0].lockedPrefix = [1];
    expect(codes(problem, good)).toEqual(['locked-prefix']);
    expect(codes(problem, { routes: [], unassigned: [0, 1, 2] })).toEqual(expect.arrayContaining(['locked-prefix', 'missing-required']));
  });

  it('rejects a missing skill and a vehicle the job is not allowed on', () => {
    const problem = lineProblem();
    problem.jobs[2].skills = ['locksmith'];
    problem.jobs[0].allowedVehicles = [1];
    expect(codes(problem, good).sort()).toEqual(['skill-missing', 'vehicle-not-allowed']);
  });

  it('rejects an optional job left out of the unassigned list, or in both lists', () => {
    const route = { vehicle: 0, visits: [0, LUNCH, 1] };
    expect(codes(lineProblem(), { routes: [route], unassigned: [] })).toEqual(['unaccounted']);
    expect(codes(lineProblem(), { routes: [route], unassigned: [2, 1] })).toEqual(['served-and-unassigned']);
    expect(checkSolution(lineProblem(), { routes: [route], unassigned: [2] }).feasible).toBe(true);
  });
});
