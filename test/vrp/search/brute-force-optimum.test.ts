import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../solver/vrp/checker';
import type { Problem } from '../../../solver/vrp/model';
import { solve } from '../../../solver/vrp/solve';
import { randomProblem } from './random-problem';

/**
 * Exhaustive optimum of a small problem: every assignment of jobs to vehicles (or to nobody, when
 * optional) in every order. Costs are distance minus prize (no duration cost), so a route's cost
 * needs only feasibility: drive, wait for the earliest window still open, serve.
 */
function routeFeasible(problem: Problem, k: number, order: number[]): boolean {
  const v = problem.vehicles[k];
  const n = problem.locationCount;
  let time = v.shift.start;
  let location = v.start;
  let load = 0;
  for (const j of order) {
    const job = problem.jobs[j];
    time += problem.durations[location * n + job.location];
    location = job.location;
    if (job.windows.length > 0) {
      const w = job.windows.find((x) => x.end >= time);
      if (!w) return false;
      time = Math.max(time, w.start);
    }
    time += job.service;
    load += job.demand;
  }
  time += problem.durations[location * n + v.end];
  return time <= v.shift.end && load <= v.capacity;
}

function routeCost(problem: Problem, k: number, order: number[]): number {
  if (order.length === 0) return 0;
  const v = problem.vehicles[k];
  const n = problem.locationCount;
  let location = v.start;
  let cost = 0;
  for (const j of order) {
    cost += problem.distances[location * n + problem.jobs[j].location] - problem.jobs[j].prize;
    location = problem.jobs[j].location;
  }
  return cost + problem.distances[location * n + v.end];
}

function bruteForceOptimum(problem: Problem): number {
  const jobs = problem.jobs.length;
  const routes: number[][] = problem.vehicles.map(() => []);
  let best = Infinity;
  const place = (j: number, cost: number): void => {
    if (j === jobs) {
      best = Math.min(best, cost);
      return;
    }
    if (!problem.jobs[j].required) place(j + 1, cost);
    routes.forEach((route, k) => {
      for (let p = 0; p <= route.length; p++) {
        const before = routeCost(problem, k, route);
        route.splice(p, 0, j);
        if (routeFeasible(problem, k, route)) place(j + 1, cost - before + routeCost(problem, k, route));
        route.splice(p, 1);
      }
    });
  };
  place(0, 0);
  return best;
}

describe('the search on small random instances', () => {
  it('reaches the brute-force optimum (required and optional jobs, several windows)', () => {
    let compared = 0;
    for (let seed = 1; compared < 12 && seed < 200; seed++) {
      const problem = randomProblem(seed, { jobs: 7, vehicles: 2, optionalShare: 0.4, maxWindows: 2, capacity: 14, horizon: 220 });
      const optimum = bruteForceOptimum(problem);
      if (!Number.isFinite(optimum)) continue; // no feasible solution: nothing to compare
      compared++;
      const result = solve(problem, { seed, maxIterations: 1500 });
      const check = checkSolution(problem, result.solution);
      expect(check.violations).toEqual([]);
      expect(result.feasible).toBe(true);
      expect(check.objective).toBeCloseTo(result.objective, 6);
      expect(check.objective, `seed ${seed}`).toBeCloseTo(optimum, 6);
    }
    expect(compared).toBe(12);
  });
});
