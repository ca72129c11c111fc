import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../solver/vrp/checker';
import { solve } from '../../../solver/vrp/solve';
import { solveInWorker } from '../../../solver/vrp/worker';
import { randomProblem } from './random-problem';

describe('solveInWorker', () => {
  const problem = randomProblem(3, { jobs: 40, vehicles: 10, maxWindows: 2, capacity: 40, horizon: 500 });

  it('solves off the main thread, streaming progress, and answers what solve() answers in-thread', async () => {
    const progress: number[] = [];
    // A timer queued now fires before the answer only if the caller's event loop keeps turning.
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    const result = await solveInWorker(problem, { seed: 2, maxIterations: 150, onProgress: (p) => progress.push(p.iteration) });
    expect(timerFired).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    const inThread = solve(problem, { seed: 2, maxIterations: 150 });
    expect(result.solution).toEqual(inThread.solution);
    expect(result.objective).toBe(inThread.objective);
    expect(result.stoppedBy).toBe('iterations');
    const check = checkSolution(problem, result.solution);
    expect(check.violations).toEqual([]);
    expect(check.objective).toBeCloseTo(result.objective, 6);
  });

  it('stops on abort and still answers with its best solution', async () => {
    const controller = new AbortController();
    let lastIteration = -1;
    const result = await solveInWorker(problem, {
      seed: 2,
      // Limits no run reaches within the test's time-out: only the abort can end it.
      timeLimitMs: 3_600_000,
      maxIterations: 1e9,
      signal: controller.signal,
      onProgress: (p) => {
        lastIteration = p.iteration;
        controller.abort();
      },
    });
    expect(result.stoppedBy).toBe('abort');
    expect(result.iterations).toBeGreaterThanOrEqual(lastIteration);
    expect(checkSolution(problem, result.solution).feasible).toBe(result.feasible);
  });
});
