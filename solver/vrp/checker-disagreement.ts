/**
 * The search and the independent checker (checker.ts) time and price routes with separate code, so
 * that a bug in one shows up against the other. When they disagree on whether the search's final
 * solution is feasible, or on the objective of a solution both find feasible, one of them is wrong:
 * a bug to report, never a quirk for the caller to smooth over. solve() compares the two on every
 * result; a disagreement comes back on the result (with what it takes to rerun it) and is counted
 * here. This module does no I/O: logging is the caller's. The problem is the optimiser's model
 * (matrices, windows, ids), which holds no personal data.
 */
import { checkSolution, type Violation } from './checker';
import type { Problem, Solution } from './model';

/** Relative difference of objectives beyond float noise (the two sum the same arcs in other orders). */
const OBJECTIVE_TOLERANCE = 1e-6;

export interface CheckerDisagreement {
  kind: 'checker-disagreement';
  /** Whether the solution is feasible, or (both finding it feasible) what it is worth. */
  about: 'feasibility' | 'objective';
  /** What the search believed of its solution. */
  searchFeasible: boolean;
  searchObjective: number;
  checkerObjective: number;
  /** What the checker objects to (empty when it accepts the solution). */
  violations: Violation[];
  /**
   * Enough to rerun the search (the same seed with maxIterations = iterations repeats it when it
   * stopped at its iteration limit; a time limit or an abort may cut the last iteration short)
   * and to recheck its answer without rerunning.
   */
  reproduction: {
    problem: Problem;
    seed: number;
    maxIterations?: number;
    timeLimitMs?: number;
    iterations: number;
    stoppedBy: SearchVerdict['stoppedBy'];
    solution: Solution;
  };
}

/** A disagreement as an error, for a caller that logs errors or wants to throw one. */
export class CheckerDisagreementError extends Error {
  override name = 'CheckerDisagreementError';
  readonly kind = 'checker-disagreement';
  readonly code = 'ROUNDS_CHECKER_DISAGREEMENT';

  constructor(readonly disagreement: CheckerDisagreement) {
    super(describeDisagreement(disagreement));
  }
}

let disagreements = 0;

/** Disagreements found in this process (this thread) since it started. */
export function checkerDisagreementCount(): number {
  return disagreements;
}

/** What the search says of its answer (a SolveResult is one). */
export interface SearchVerdict {
  solution: Solution;
  feasible: boolean;
  objective: number;
  iterations: number;
  stoppedBy: 'iterations' | 'time-limit' | 'abort';
}

/** Compares the search's verdict with the checker's; counts and returns a disagreement, if any. */
export function findCheckerDisagreement(
  problem: Problem,
  run: { seed: number; maxIterations?: number; timeLimitMs?: number },
  verdict: SearchVerdict,
): CheckerDisagreement | undefined {
  const check = checkSolution(problem, verdict.solution);
  let about: CheckerDisagreement['about'];
  if (check.feasible !== verdict.feasible) about = 'feasibility';
  // An infeasible solution's worth is not compared: the search counts a late visit's prize, the checker does not.
  else if (check.feasible && !(Math.abs(check.objective - verdict.objective) <= OBJECTIVE_TOLERANCE * Math.max(1, Math.abs(check.objective))))
    about = 'objective';
  else return undefined;
  disagreements++;
  return {
    kind: 'checker-disagreement',
    about,
    searchFeasible: verdict.feasible,
    searchObjective: verdict.objective,
    checkerObjective: check.objective,
    violations: check.violations,
    reproduction: { problem, ...run, iterations: verdict.iterations, stoppedBy: verdict.stoppedBy, solution: verdict.solution },
  };
}

/** One line for a log: what disagreed, the first violations and the size of the run (not the data). */
export function describeDisagreement(d: CheckerDisagreement): string {
  const { problem, seed, iterations } = d.reproduction;
  const size = `seed ${seed}, ${iterations} iterations, ${problem.jobs.length} jobs, ${problem.vehicles.length} vehicles, ${problem.locationCount} locations`;
  if (d.about === 'objective')
    return `the search and the independent checker agree the solution is feasible but price it ${d.searchObjective} and ${d.checkerObjective} (${size})`;
  if (!d.searchFeasible) return `the search took its solution for infeasible but the independent checker accepts it (${size})`;
  const shown = d.violations.slice(0, 3).map((v) => `${v.code}: ${v.message}`);
  const more = d.violations.length > shown.length ? `; and ${d.violations.length - shown.length} more` : '';
  return `the search took its solution for feasible but the independent checker found ${d.violations.length} violation(s): ${shown.join('; ')}${more} (${size})`;
}
