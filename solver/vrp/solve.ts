/**
 * The optimiser's entry point. PLACEHOLDER until the search lands: it returns every job
 * unassigned. The signature is the contract; the search engine replaces the body.
 */
import type { Problem, Solution } from './model';

export interface SolveProgress {
  /** Milliseconds since the search started. */
  elapsedMs: number;
  iteration: number;
  /** Best feasible objective so far (see model.ts), or null while none is feasible. */
  bestObjective: number | null;
}

export interface SolveOptions {
  seed?: number;
  /** Wall-clock limit in milliseconds. */
  timeLimitMs?: number;
  /** Iteration limit of the outer search loop; with a seed, makes runs reproducible. */
  maxIterations?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SolveProgress) => void;
}

export interface SolveResult {
  solution: Solution;
  /** Objective of `solution` as defined in model.ts. */
  objective: number;
  feasible: boolean;
  iterations: number;
  elapsedMs: number;
}

export function solve(problem: Problem, _options: SolveOptions = {}): SolveResult {
  const solution: Solution = { routes: [], unassigned: problem.jobs.map((_, i) => i) };
  return { solution, objective: 0, feasible: false, iterations: 0, elapsedMs: 0 };
}
