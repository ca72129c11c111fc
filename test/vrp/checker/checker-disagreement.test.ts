import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../solver/vrp/checker';
import { checkerDisagreementCount, CheckerDisagreementError, describeDisagreement, findCheckerDisagreement } from '../../../solver/vrp/checker-disagreement';
import type { Problem, Solution } from '../../../solver/vrp/model';
import { solve } from '../../../solver/vrp/solve';
import { randomProblem } from '../search/random-problem';
import { lineProblem } from './line-problem';

/**
 * A deliberately inconsistent problem: job 2 opens vehicle 0's locked prefix but is pinned to
 * vehicle 1. The search keeps a locked prefix as given and takes its solution for feasible; the
 * checker enforces the pin. (Should the solver one day refuse such input, this needs another way in.)
 */
function lockAgainstPin(): Problem {
  const problem = randomProblem(4, { jobs: 6, vehicles: 2, horizon: 400 });
  problem.vehicles[0].lockedPrefix = [2];
  problem.jobs[2].allowedVehicles = [1];
  return problem;
}

describe('a disagreement between the search and the independent checker', () => {
  it('comes back on the result of solve, counted, with what it takes to rerun it', () => {
    const problem = lockAgainstPin();
    const before = checkerDisagreementCount();
    const result = solve(problem, { seed: 5, maxIterations: 20 });

    expect(result.feasible).toBe(true); // the search's belief
    const d = result.checkerDisagreement;
    expect(d).toBeDefined();
    expect(d!.kind).toBe('checker-disagreement');
    expect(d!.about).toBe('feasibility');
    expect(d!.searchFeasible).toBe(true);
    expect(d!.violations.map((v) => [v.code, v.job])).toEqual([['vehicle-not-allowed', 2]]);
    expect(checkerDisagreementCount()).toBe(before + 1);

    // The reproduction reruns to the same solution and the same disagreement.
    const { reproduction } = d!;
    expect(reproduction).toMatchObject({ seed: 5, maxIterations: 20, iterations: 20, stoppedBy: 'iterations' });
    expect(reproduction.solution).toEqual(result.solution);
    expect(checkSolution(reproduction.problem, reproduction.solution).feasible).toBe(false);
    const again = solve(reproduction.problem, { seed: reproduction.seed, maxIterations: reproduction.iterations });
    expect(again.solution).toEqual(result.solution);
    expect(again.checkerDisagreement?.violations).toEqual(d!.violations);
    expect(checkerDisagreementCount()).toBe(before + 2);
  });

  it('is absent, and not counted, when the two agree', () => {
    const problem = randomProblem(8, { jobs: 20, vehicles: 3, maxWindows: 2, breaks: true, optionalShare: 0.3, horizon: 500 });
    const before = checkerDisagreementCount();
    const result = solve(problem, { seed: 2, maxIterations: 50 });
    expect(checkSolution(problem, result.solution).feasible).toBe(result.feasible);
    expect(result.checkerDisagreement).toBeUndefined();
    expect(checkerDisagreementCount()).toBe(before);
  });

  it('is found when a search claims feasible a solution that is late (an injected verdict)', () => {
    // Job A's window is [30, 40]; served last, after C, B and the lunch break, the van is at A at 75.
    const problem = lineProblem();
    const late: Solution = { routes: [{ vehicle: 0, visits: [2, 1, -1, 0], windows: [0, 0, 0, 0] }], unassigned: [] };
    const check = checkSolution(problem, late);
    expect(check.violations.map((v) => v.code)).toContain('late');
    const before = checkerDisagreementCount();

    const d = findCheckerDisagreement(
      problem,
      { seed: 9, maxIterations: 3 },
      { solution: late, feasible: true, objective: check.objective, iterations: 3, stoppedBy: 'iterations' },
    );

    expect(d?.about).toBe('feasibility');
    expect(d?.violations).toEqual(check.violations);
    expect(checkerDisagreementCount()).toBe(before + 1);
    const error = new CheckerDisagreementError(d!);
    expect(error).toBeInstanceOf(Error);
    expect(error.kind).toBe('checker-disagreement');
    expect(error.disagreement.reproduction.problem).toBe(problem);
    expect(error.message).toMatch(/^the search took its solution for feasible but the independent checker found \d+ violation\(s\): late: /);
    expect(error.message).toContain('seed 9, 3 iterations, 3 jobs, 1 vehicles, 4 locations');
  });

  it('is found the other way round, and on the objective of a solution both accept', () => {
    const problem = lineProblem();
    const fine: Solution = { routes: [{ vehicle: 0, visits: [0, -1], windows: [0, 0] }], unassigned: [1, 2] };
    const check = checkSolution(problem, fine);
    expect(check.feasible).toBe(true);
    const run = { seed: 1 };

    const pessimist = findCheckerDisagreement(problem, run, {
      solution: fine,
      feasible: false,
      objective: check.objective,
      iterations: 0,
      stoppedBy: 'iterations',
    });
    expect(pessimist).toMatchObject({ about: 'feasibility', searchFeasible: false, violations: [] });
    expect(describeDisagreement(pessimist!)).toMatch(/took its solution for infeasible but the independent checker accepts it/);

    const mispriced = findCheckerDisagreement(problem, run, {
      solution: fine,
      feasible: true,
      objective: check.objective - 1,
      iterations: 0,
      stoppedBy: 'iterations',
    });
    expect(mispriced).toMatchObject({ about: 'objective', searchObjective: check.objective - 1, checkerObjective: check.objective });

    // Float noise is no disagreement.
    expect(
      findCheckerDisagreement(problem, run, {
        solution: fine,
        feasible: true,
        objective: check.objective * (1 + 1e-12),
        iterations: 0,
        stoppedBy: 'iterations',
      }),
    ).toBeUndefined();
  });
});
