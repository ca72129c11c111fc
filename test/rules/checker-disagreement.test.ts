import { afterEach, describe, expect, it } from 'vitest';
import { warnOnCheckerDisagreement } from '../../solver/rules/plan-day.js';
import { CheckerDisagreementError } from '../../solver/vrp/checker-disagreement.js';
import { solve } from '../../solver/vrp/solve.js';
import { contradictoryProblem } from './contradictory-problem.js';

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
