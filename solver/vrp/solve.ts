/**
 * The optimiser's entry point: a seeded, time- and iteration-limited search (see search/search.ts)
 * returning the best feasible solution found, or the least infeasible one when none is feasible.
 * The independent checker reviews every result: see checker-disagreement.ts.
 */
import { findCheckerDisagreement, type CheckerDisagreement } from './checker-disagreement';
import type { Problem, Solution } from './model';
import { DEFAULT_SEED, runSearch } from './search/search';

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
  /** What ended the search: its iteration limit, its time limit, or the caller's AbortSignal. */
  stoppedBy: 'iterations' | 'time-limit' | 'abort';
  elapsedMs: number;
  /** How often each local-search operator was evaluated and applied: what each one is worth. */
  operators?: { name: string; evaluations: number; applications: number }[];
  /**
   * Present when the independent checker contradicts `feasible`: a bug in the search or the
   * checker, to be logged (with `reproduction`) and fixed, not repaired silently. Also counted by
   * checkerDisagreementCount().
   */
  checkerDisagreement?: CheckerDisagreement;
}

export function solve(problem: Problem, options: SolveOptions = {}): SolveResult {
  const result = runSearch(problem, options);
  const run = { seed: options.seed ?? DEFAULT_SEED, maxIterations: options.maxIterations, timeLimitMs: options.timeLimitMs };
  const checkerDisagreement = findCheckerDisagreement(problem, run, result);
  return checkerDisagreement === undefined ? result : { ...result, checkerDisagreement };
}
