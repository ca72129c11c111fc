import { afterEach, describe, expect, it } from 'vitest';
import { warnOnCheckerDisagreement } from '../../solver/rules/plan-day.js';
import { CheckerDisagreementError } from '../../solver/vrp/checker-disagreement.js';
import type { Problem } from '../../solver/vrp/model.js';
import { solve } from '../../solver/vrp/solve.js';

/** Two jobs on a line; job 0 locked onto vehicle 0 although it is pinned to vehicle 1 (contradictory on purpose). */
function contradictoryProblem(): Problem {
  const matrix = [0, 10, 20, 10, 0, 10, 20, 10, 0];
  const job = (id: string, location: number) => ({ id, location, service: 5, windows: [], prize: 50, required: false, demand: 1, skills: [] });
  const vehicle = (id: string) => ({
    id,
    start: 0,
    end: 0,
    shift: { start: 0, end: 500 },
    breaks: [],
    skills: [],
    capacity: 10,
    costPerDistance: 1,
    costPerDuration: 0,
    fixedCost: 0,
  });
  return {
    locationCount: 3,
    durations: matrix,
    distances: matrix,
    jobs: [{ ...job('a', 1), allowedVehicles: [1] }, job('b', 2)],
    vehicles: [{ ...vehicle('v0'), lockedPrefix: [0] }, vehicle('v1')],
  };
}

describe('planning and a solver whose checker disagrees', () => {
  const warnings: Error[] = [];
  const listen = (warning: Error) => warnings.push(warning);
  afterEach(() => {
    process.off('warning', listen);
    warnings.length = 0;
  });

  it('raises the disagreement as a process warning carrying the instance, not silently', async () => {
    const result = solve(contradictoryProblem(), { seed: 1, maxIterations: 10 });
    expect(result.checkerDisagreement).toBeDefined();
    process.on('warning', listen);
    warnOnCheckerDisagreement(result);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(warnings).toHaveLength(1);
    const warning = warnings[0] as CheckerDisagreementError;
    expect(warning).toBeInstanceOf(CheckerDisagreementError);
    expect(warning.message).toMatch(/vehicle-not-allowed/);
    expect(warning.disagreement.reproduction.problem.jobs[0].allowedVehicles).toEqual([1]);
  });

  it('stays quiet when the two agree', async () => {
    const agreeing = contradictoryProblem();
    delete agreeing.vehicles[0].lockedPrefix;
    const result = solve(agreeing, { seed: 1, maxIterations: 10 });
    process.on('warning', listen);
    warnOnCheckerDisagreement(result);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  });
});
