import { describe, expect, it } from 'vitest';
import type { Officer, Plan } from '../../client/src/api/schemas';
import { filterUnplanned, officerSummaries, summariseWeek, teamKpis } from '../../client/src/state/summaries';

const stop = (ref: string, violations = 0) => ({ caseRefs: [ref], violations: Array.from({ length: violations }, () => ({ code: 'late', message: 'late' })) });
const plan = {
  date: '2026-07-04', // a Saturday
  routes: [
    { officerIds: ['a'], stops: [stop('1'), stop('2', 1)], miles: 10, value: 500 },
    { officerIds: ['b', 'c'], stops: [stop('3')], miles: 4, value: 900 },
  ],
  unplanned: [
    { caseRef: 'X1', reason: 'needs-crew' },
    { caseRef: 'X2', reason: 'not-yet-eligible', eligibleFrom: '2026-07-09' },
    { caseRef: 'X3', reason: 'needs-crew' },
  ],
  totals: { visits: 3, miles: 14, value: 1400 },
} as unknown as Plan;
const officers = [
  { id: 'a', name: 'Ann', saturdayQuota: 2 },
  { id: 'b', name: 'Bob', saturdayQuota: 0 },
  { id: 'c', name: 'Cat', saturdayQuota: 1 },
  { id: 'd', name: 'Dee', saturdayQuota: 2 },
] as Officer[];

describe('team leader and manager figures', () => {
  it('per officer: a crew route counts for both, Saturdays planned against the quota', () => {
    const rows = officerSummaries(plan, officers, null);
    expect(rows.map((r) => [r.officerId, r.visits, r.miles, r.value, r.violations, r.saturdays.counted])).toEqual([
      ['a', 2, 10, 500, 1, 1],
      ['b', 1, 4, 900, 0, 1],
      ['c', 1, 4, 900, 0, 1],
      ['d', 0, 0, 0, 0, 0],
    ]);
    expect(rows[1].crewWith).toEqual(['c']);
    // Each officer's own quota, as the server sent it.
    expect(rows.map((r) => r.saturdays.quota)).toEqual([2, 0, 1, 2]);
  });

  it('team KPIs come from the plan’s totals, unplanned counted by reason', () => {
    const k = teamKpis(plan);
    expect(k).toMatchObject({ visits: 3, miles: 14, value: 1400, valuePerMile: 100, unplanned: 3, violations: 1, officersOut: 3 });
    expect(k.unplannedByReason).toEqual({ 'needs-crew': 2, 'not-yet-eligible': 1 });
  });

  it('the week as rows per day, each naming the saved plan it opens', () => {
    const week = summariseWeek('2026-07-04', [
      { ...plan, id: 'p1' },
      { ...plan, id: 'p2', date: '2026-07-06' },
    ]);
    expect(week.days.map((d) => [d.date, d.planId, d.visits, d.byOfficer])).toEqual([
      ['2026-07-04', 'p1', 3, { a: 2, b: 1, c: 1 }],
      ['2026-07-06', 'p2', 3, { a: 2, b: 1, c: 1 }],
    ]);
  });

  it('Saturdays from the week plan count once per date in the plan’s month', () => {
    const week = summariseWeek('2026-07-04', [plan, { ...plan, date: '2026-07-11' }, { ...plan, date: '2026-08-01' }]);
    const ann = officerSummaries(plan, officers, week)[0].saturdays;
    expect(ann).toMatchObject({ planned: ['2026-07-04', '2026-07-11'], counted: 2, owed: 0 });
  });

  it('Saturdays worked and planned as the server counts them, joined by the plan on screen', () => {
    const server = [{ officerId: 'a', pattern: 'rota' as const, quota: 3, worked: ['2026-07-04'], planned: ['2026-07-18'], owed: 1 }];
    const rows = officerSummaries(plan, officers, null, server);
    // The plan on screen (Saturday 4 July) has Ann out: worked and planned that day count once.
    expect(rows[0].saturdays).toEqual({ quota: 3, pattern: 'rota', worked: ['2026-07-04'], planned: ['2026-07-04', '2026-07-18'], counted: 2, owed: 1 });
    // No answer from the server for Dee: the officer's own quota, nothing worked.
    expect(rows[3].saturdays).toEqual({ quota: 2, pattern: undefined, worked: [], planned: [], counted: 0, owed: 2 });
  });

  it('filters unplanned cases by reason and by ref or postcode', () => {
    const postcodes: Record<string, string> = { X1: 'N11 1AA', X2: 'N13 5QP', X3: 'N11 2BB' };
    expect(filterUnplanned(plan.unplanned, 'needs-crew', '', (r) => postcodes[r]).map((u) => u.caseRef)).toEqual(['X1', 'X3']);
    expect(filterUnplanned(plan.unplanned, '', 'n11', (r) => postcodes[r]).map((u) => u.caseRef)).toEqual(['X1', 'X3']);
    expect(filterUnplanned(plan.unplanned, 'needs-crew', 'x3', (r) => postcodes[r]).map((u) => u.caseRef)).toEqual(['X3']);
  });
});
