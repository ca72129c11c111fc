/**
 * Where prizes alone decide, a search whose best has not improved for prizeOnlyKickAfter iterations
 * starts again from its best with a larger ruin (search.ts): with any number of routes, not only
 * once the starts of one or two routes are made.
 */
import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../solver/vrp/checker';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem } from '../../../solver/vrp/search/compiled-problem';
import { DEFAULT_PARAMETERS, runSearch, travelOnlyBreaksTies, typicalPrices } from '../../../solver/vrp/search/search';
import { prizesOnALine } from './prizes-on-a-line';

/** Vehicles at 0 on a line, 60 time units each: jobs every 5 from -40 to 40, worth 10 each. */
function line(vehicles: number): Problem {
  const xs = Array.from({ length: 16 }, (_, i) => (i < 8 ? -5 * (i + 1) : 5 * (i - 7)));
  return prizesOnALine(xs, () => 10, vehicles, 60, 0.0001);
}

describe('the kick from the best where prizes alone decide', () => {
  it.each([1, 2, 3, 4])('fires with %i route(s): a run kicked after 10 idle iterations takes other steps than one never kicked', (vehicles) => {
    const problem = line(vehicles);
    expect(travelOnlyBreaksTies(typicalPrices(compileProblem(problem)))).toBe(true);
    const options = { seed: 3, maxIterations: 300 };
    const kicked = runSearch(problem, options, { ...DEFAULT_PARAMETERS, prizeOnlyKickAfter: 10 });
    const never = runSearch(problem, options, { ...DEFAULT_PARAMETERS, prizeOnlyKickAfter: Infinity });
    expect(checkSolution(problem, kicked.solution).feasible).toBe(true);
    expect(kicked.operators).not.toEqual(never.operators);
  });
});
