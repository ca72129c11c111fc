/**
 * The optimiser's entry point: a seeded, time- and iteration-limited search (see search/search.ts)
 * returning the best feasible solution found, or the least infeasible one when none is feasible.
 */
import type { Problem, Solution } from './model';
import { runSearch } from './search/search';

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
  /** How often each local-search operator was evaluated and applied: what each one is worth. */
  operators?: { name: string; evaluations: number; applications: number }[];
}

export function solve(problem: Problem, options: SolveOptions = {}): SolveResult {
  return runSearch(problem, options);
}
