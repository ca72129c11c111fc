import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../solver/vrp/checker';
import type { Problem } from '../../../solver/vrp/model';
import { solve } from '../../../solver/vrp/solve';
import { randomProblem } from './random-problem';

const medium = (): Problem => randomProblem(42, { jobs: 60, vehicles: 8, maxWindows: 2, capacity: 40, horizon: 400, optionalShare: 0.2 });

describe('the search', () => {
  it('gives the same result for the same seed and iteration limit', () => {
    const a = solve(medium(), { seed: 7, maxIterations: 300 });
    const b = solve(medium(), { seed: 7, maxIterations: 300 });
    expect(b.solution).toEqual(a.solution);
    expect(b.objective).toBe(a.objective);
    expect(a.iterations).toBe(300);
    expect(checkSolution(medium(), a.solution).feasible).toBe(a.feasible);
  });

  it('stops at its iteration limit, having reported progress', () => {
    const progress: number[] = [];
    const result = solve(medium(), { seed: 1, maxIterations: 120, onProgress: (p) => progress.push(p.iteration) });
    expect(result.stoppedBy).toBe('iterations');
    expect(result.iterations).toBe(120);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((iteration) => iteration <= 120)).toBe(true);
  });

  it('stops at its time limit when that comes first', () => {
    // An iteration limit no run reaches within the time limit: what ends the search is the clock.
    const result = solve(medium(), { seed: 1, timeLimitMs: 200, maxIterations: 1e9 });
    expect(result.stoppedBy).toBe('time-limit');
    expect(result.iterations).toBeLessThan(1e9);
    expect(checkSolution(medium(), result.solution).feasible).toBe(result.feasible);
  });

  it('observes an abort before it starts another iteration, and answers with its best solution', () => {
    const controller = new AbortController();
    let abortedAt = -1;
    const result = solve(medium(), {
      seed: 1,
      timeLimitMs: 60_000,
      // The search runs synchronously here, so the abort comes from inside a progress report
      // (one is made whenever the best improves, inside an iteration).
      onProgress: (p) => {
        if (p.iteration >= 5 && p.bestObjective !== null && abortedAt < 0) {
          abortedAt = p.iteration;
          controller.abort();
        }
      },
      signal: controller.signal,
    });
    expect(abortedAt).toBeGreaterThanOrEqual(5);
    expect(result.stoppedBy).toBe('abort');
    expect(result.iterations).toBe(abortedAt);
    expect(result.feasible).toBe(true);
    expect(checkSolution(medium(), result.solution).violations).toEqual([]);
  });

  it('runs no iteration when aborted before it starts, and still answers with its first solution', () => {
    const controller = new AbortController();
    controller.abort();
    const result = solve(medium(), { seed: 1, timeLimitMs: 60_000, signal: controller.signal });
    expect(result.stoppedBy).toBe('abort');
    expect(result.iterations).toBe(0);
    expect(result.solution.routes.length).toBeGreaterThan(0);
    expect(checkSolution(medium(), result.solution).feasible).toBe(result.feasible);
  });
});

describe('optional jobs', () => {
  // Depot at 0; a job 10 away worth 30 (a 20 round trip pays) and one 50 away worth 60 (100 does not).
  const line = (prizes: number[], positions: number[]): Problem => {
    const xs = [0, ...positions];
    const n = xs.length;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = Math.abs(xs[i] - xs[j]);
    return {
      locationCount: n,
      durations: m,
      distances: Float64Array.from(m),
      jobs: prizes.map((prize, i) => ({ id: `j${i}`, location: i + 1, service: 0, windows: [], prize, required: false, demand: 0, skills: [] })),
      vehicles: [
        {
          id: 'v',
          start: 0,
          end: 0,
          shift: { start: 0, end: 1000 },
          breaks: [],
          skills: [],
          capacity: 10,
          costPerDistance: 1,
          costPerDuration: 0,
          fixedCost: 0,
        },
      ],
    };
  };

  it('serves a job worth more than its detour and drops one worth less', () => {
    const problem = line([30, 60], [10, -50]);
    const result = solve(problem, { seed: 3, maxIterations: 200 });
    const check = checkSolution(problem, result.solution);
    expect(check.violations).toEqual([]);
    expect(result.solution.unassigned).toEqual([1]);
    expect(check.objective).toBeCloseTo(20 - 30, 9);
  });

  it('serves a far job when, together with its neighbour on the way, it pays', () => {
    // Alone each costs 100 for 60; together (same spot) 100 for 120.
    const problem = line([60, 60], [50, 50]);
    const result = solve(problem, { seed: 3, maxIterations: 200 });
    expect(result.solution.unassigned).toEqual([]);
    expect(checkSolution(problem, result.solution).objective).toBeCloseTo(100 - 120, 9);
  });
});

describe('locks, pins and breaks', () => {
  it('keeps locked prefixes, honours pins and takes every break inside its window', () => {
    const problem = randomProblem(5, { jobs: 25, vehicles: 6, maxWindows: 1, breaks: true, horizon: 600 });
    problem.vehicles[0].lockedPrefix = [3, 7];
    problem.vehicles[2].lockedPrefix = [11];
    problem.jobs[4].allowedVehicles = [1];
    problem.jobs[9].allowedVehicles = [2];
    problem.jobs[12].skills = ['welsh'];
    problem.vehicles[1].skills = ['welsh'];
    const result = solve(problem, { seed: 9, maxIterations: 300 });
    const check = checkSolution(problem, result.solution);
    expect(check.violations).toEqual([]);
    const jobsOf = (k: number): number[] => result.solution.routes.find((r) => r.vehicle === k)!.visits.filter((v) => v >= 0);
    expect(jobsOf(0).slice(0, 2)).toEqual([3, 7]);
    expect(jobsOf(2)[0]).toBe(11);
    expect(jobsOf(1)).toContain(4);
    expect(jobsOf(2)).toContain(9);
    expect(jobsOf(1)).toContain(12);
    for (const route of result.solution.routes) expect(route.visits.filter((v) => v < 0)).toEqual([-1]);
  });

  it('chooses the window worth more when both can be met', () => {
    const problem = randomProblem(11, { jobs: 1, vehicles: 1, horizon: 500 });
    problem.jobs[0] = {
      ...problem.jobs[0],
      required: false,
      prize: 100,
      service: 5,
      windows: [
        { start: 0, end: 100, valueFactor: 1 },
        { start: 300, end: 400, valueFactor: 1.5 },
      ],
    };
    const result = solve(problem, { seed: 1, maxIterations: 50 });
    expect(result.solution.routes[0].windows).toEqual([1]);
    expect(checkSolution(problem, result.solution).prize).toBeCloseTo(150, 9);
  });
});

describe('bad input', () => {
  it('names the matrix, the job or the vehicle that is wrong', () => {
    const good = randomProblem(1, { jobs: 3, vehicles: 1 });
    expect(() => solve({ ...good, durations: [1, 2, 3] }, { maxIterations: 1 })).toThrow(/problem\.durations has 3 entries, expected 4 x 4/);
    const badJob = randomProblem(1, { jobs: 3, vehicles: 1 });
    badJob.jobs[2].location = 9;
    expect(() => solve(badJob, { maxIterations: 1 })).toThrow(/job 2 \(j2\) location is 9/);
    const badLock = randomProblem(1, { jobs: 3, vehicles: 1 });
    badLock.vehicles[0].lockedPrefix = [5];
    expect(() => solve(badLock, { maxIterations: 1 })).toThrow(/vehicle 0 lockedPrefix: 5 is not a job index/);
  });
});
