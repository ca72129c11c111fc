import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../solver/vrp/checker';
import { solveInWorker } from '../../../solver/vrp/worker';
import { randomProblem } from './random-problem';

describe('solveInWorker', () => {
  const problem = randomProblem(3, { jobs: 40, vehicles: 10, maxWindows: 2, capacity: 40, horizon: 500 });

  it('solves off the main thread, streaming progress, without blocking the caller', async () => {
    const progress: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const result = await solveInWorker(problem, { seed: 2, timeLimitMs: 1500, onProgress: (p) => progress.push(p.elapsedMs) });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(20); // the event loop kept turning while the worker searched
    expect(progress.length).toBeGreaterThan(0);
    const check = checkSolution(problem, result.solution);
    expect(check.violations).toEqual([]);
    expect(check.objective).toBeCloseTo(result.objective, 6);
  });

  it('stops promptly on abort and still answers with its best solution', async () => {
    const controller = new AbortController();
    const started = performance.now();
    let firstProgress = 0;
    const pending = solveInWorker(problem, {
      seed: 2,
      timeLimitMs: 60_000,
      signal: controller.signal,
      onProgress: () => {
        if (firstProgress === 0) {
          firstProgress = performance.now();
          setTimeout(() => controller.abort(), 200);
        }
      },
    });
    const result = await pending;
    const abortToAnswer = performance.now() - firstProgress - 200;
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(abortToAnswer).toBeLessThan(500);
    expect(result.elapsedMs).toBeLessThan(20_000);
    expect(checkSolution(problem, result.solution).feasible).toBe(result.feasible);
  });
});
