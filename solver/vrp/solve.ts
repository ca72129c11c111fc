/**
 * The optimiser's entry point: a seeded, time- and iteration-limited search (see search/search.ts)
 * returning the best feasible solution found, or the least infeasible one when none is feasible.
 * The independent checker reviews every result: see checker-disagreement.ts.
 */
import { checkSolution } from './checker';
import { findCheckerDisagreement, type CheckerDisagreement } from './checker-disagreement';
import type { Problem, Solution } from './model';
import { DEFAULT_SEED, runSearch } from './search/search';
import { runPortfolio } from './search/portfolio';

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
  /**
   * Searches run at once, one per thread, sharing their best (search/portfolio.ts); 1 (the
   * default) is the plain search. With an iteration limit, a seed and a thread count reproduce a run.
   */
  threads?: number;
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
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  const result = keepBetterInitial(problem, threads > 1 ? runPortfolio(problem, options, threads) : runSearch(problem, options));
  const run = { seed: options.seed ?? DEFAULT_SEED, maxIterations: options.maxIterations, timeLimitMs: options.timeLimitMs };
  const checkerDisagreement = findCheckerDisagreement(problem, run, result);
  return checkerDisagreement === undefined ? result : { ...result, checkerDisagreement };
}

/**
 * A warm start is never lost: when the caller's initial solution is feasible and the search found
 * nothing better (a short budget, a re-plan already near its best), the initial solution is the
 * answer. Re-planning the rest of a day relies on this: never worse than the routes it started from.
 */
function keepBetterInitial(problem: Problem, result: SolveResult): SolveResult {
  const initial = problem.initial;
  if (initial === undefined) return result;
  const check = checkSolution(problem, initial);
  if (!check.feasible || (result.feasible && result.objective <= check.objective + 1e-9)) return result;
  return {
    ...result,
    solution: { routes: initial.routes.map((r) => ({ ...r, visits: [...r.visits] })), unassigned: [...initial.unassigned] },
    objective: check.objective,
    feasible: true,
  };
}
