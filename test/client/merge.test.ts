import { describe, expect, it } from 'vitest';
import type { Plan } from '../../client/src/api/schemas';
import { mergeEvaluated, partialBody } from '../../client/src/state/merge';

const route = (officer: string, refs: string[], miles: number, value: number) => ({
  officerIds: [officer],
  stops: refs.map((r) => ({ caseRefs: [r], arrival: 'old' })),
  miles,
  value,
});
const plan = {
  id: 'p1',
  version: 3,
  date: '2026-07-01',
  routes: [route('a', ['1', '2'], 5, 100), route('b', ['3'], 2, 50), route('c', ['4'], 1, 10)],
  unplanned: [{ caseRef: '9', reason: 'no-capacity' }],
  totals: { visits: 4, miles: 8, value: 160 },
} as unknown as Plan;

describe('evaluating only the edited routes', () => {
  it('sends the edited routes only, in the order given', () => {
    const draft = {
      routes: [
        { officerIds: ['a'], visits: [['2'], ['1']] },
        { officerIds: ['b'], visits: [['3']] },
        { officerIds: ['c'], visits: [['4']] },
      ],
    };
    expect(partialBody(draft, [0, 2])).toEqual({
      routes: [
        { officerIds: ['a'], caseRefs: [['2'], ['1']] },
        { officerIds: ['c'], caseRefs: [['4']] },
      ],
    });
    expect(() => partialBody(draft, [5])).toThrow(/No route 5/);
  });

  it('replaces the answered routes, keeps the others, sums the totals, and shows the day’s unplanned list as the server gave it', () => {
    const answer = {
      date: '2026-07-01',
      // Case 9 added from the unplanned list: the server's list no longer has it.
      routes: [route('b', ['3', '9'], 4, 90)],
      unplanned: [],
      totals: { visits: 2, miles: 4, value: 90 },
    } as unknown as Plan;
    const merged = mergeEvaluated(plan, [1], answer);
    expect(merged.routes[1].stops.map((s) => s.caseRefs[0])).toEqual(['3', '9']);
    expect(merged.routes[0]).toBe(plan.routes[0]);
    expect(merged.totals).toEqual({ visits: 5, miles: 10, value: 200 });
    expect(merged.id).toBe('p1');
    expect(merged.version).toBe(3);
    expect(merged.unplanned).toEqual([]);
  });

  it('refuses an answer for other officers or the wrong number of routes', () => {
    const wrong = { ...plan, routes: [route('z', ['3'], 1, 1)] } as unknown as Plan;
    expect(() => mergeEvaluated(plan, [1], wrong)).toThrow(/officers z/);
    expect(() => mergeEvaluated(plan, [0, 1], wrong)).toThrow(/evaluated 1 routes; 2 were sent/);
  });
});
