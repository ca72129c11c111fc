import { describe, expect, it } from 'vitest';
import { unplannedAfterEdit } from '../../solver/rules/edits.js';
import type { DayPlan } from '../../solver/rules/types.js';

const stop = (...caseRefs: string[]) => ({ caseRefs });
/** The saved version an edit starts from: two routes, and the planner's reasons for three cases it left out. */
const before = {
  routes: [{ stops: [stop('A1'), stop('B1', 'B2')] }, { stops: [stop('C1')] }],
  unplanned: [
    { caseRef: 'X1', reason: 'no-capacity' },
    { caseRef: 'Y1', reason: 'not-yet-eligible', eligibleFrom: '2026-07-09' },
    { caseRef: 'Z1', reason: 'removed-by-user' },
  ],
} as unknown as Pick<DayPlan, 'routes' | 'unplanned'>;

describe('the unplanned cases after a hand edit', () => {
  it('a case put on a route leaves the list; one taken off every route joins it as removed by the user; the rest keep their reason', () => {
    // Route 1 now A1, Y1 (B1+B2 taken off, Y1 added); route 2 untouched.
    expect(unplannedAfterEdit(before, ['A1', 'Y1', 'C1'])).toEqual([
      { caseRef: 'B1', reason: 'removed-by-user' },
      { caseRef: 'B2', reason: 'removed-by-user' },
      { caseRef: 'X1', reason: 'no-capacity' },
      { caseRef: 'Z1', reason: 'removed-by-user' },
    ]);
  });

  it('a case moved from one route to another is not removed', () => {
    expect(unplannedAfterEdit(before, ['A1', 'C1', 'B1', 'B2'])).toEqual(before.unplanned);
  });

  it('a case the user took off earlier and puts back leaves the list', () => {
    expect(unplannedAfterEdit(before, ['A1', 'B1', 'B2', 'C1', 'Z1']).map((u) => u.caseRef)).toEqual(['X1', 'Y1']);
  });
});
