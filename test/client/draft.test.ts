import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../client/src/api/schemas';
import { addCase, draftFromPlan, evaluateBody, moveBetween, moveWithin, removeVisit, visitKey, type Draft } from '../../client/src/state/draft';

const draft: Draft = {
  routes: [
    { officerIds: ['o1'], visits: [['A'], ['B', 'B2'], ['C'], ['D']] },
    { officerIds: ['o2', 'o3'], visits: [['E'], ['F']] },
  ],
};

describe('reorder -> evaluate request body', () => {
  it('drag within a list moves the visit and keeps grouped case refs together', () => {
    const next = moveWithin(draft, 0, 0, 2);
    expect(evaluateBody(next)).toEqual({
      routes: [
        { officerIds: ['o1'], caseRefs: [['B', 'B2'], ['C'], ['A'], ['D']] },
        { officerIds: ['o2', 'o3'], caseRefs: [['E'], ['F']] },
      ],
    });
    expect(draft.routes[0].visits[0]).toEqual(['A']); // the original is untouched
  });

  it('drag between officers removes from one route and inserts in the other', () => {
    const next = moveBetween(draft, 0, 1, 1, 1);
    expect(next.routes[0].visits.map(visitKey)).toEqual(['A', 'C', 'D']);
    expect(next.routes[1].visits.map(visitKey)).toEqual(['E', 'B+B2', 'F']);
  });

  it('can drop at the end of another list, and onto an empty one', () => {
    const emptied = { routes: [...draft.routes, { officerIds: ['o4'], visits: [] }] };
    expect(moveBetween(emptied, 1, 0, 2, 0).routes[2].visits).toEqual([['E']]);
    expect(moveBetween(draft, 0, 3, 1, 2).routes[1].visits.map(visitKey)).toEqual(['E', 'F', 'D']);
  });

  it('removes a visit and adds an unplanned case at the end', () => {
    expect(removeVisit(draft, 0, 2).routes[0].visits.map(visitKey)).toEqual(['A', 'B+B2', 'D']);
    expect(addCase(draft, 1, 'Z').routes[1].visits.map(visitKey)).toEqual(['E', 'F', 'Z']);
  });

  it('refuses a case already in the day, naming it', () => {
    expect(() => addCase(draft, 1, 'B2')).toThrow(/B2 is already/);
  });

  it('names the bad position instead of silently doing nothing', () => {
    expect(() => moveWithin(draft, 0, 4, 0)).toThrow(/No position 4 in route 0/);
    expect(() => removeVisit(draft, 5, 0)).toThrow(/No route 5/);
  });

  it('property: a move keeps every visit exactly once, and moving back restores the order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), fc.nat(), (n, a, b) => {
        const d: Draft = { routes: [{ officerIds: ['x'], visits: Array.from({ length: n }, (_, i) => [`c${i}`]) }] };
        const from = a % n;
        const to = b % n;
        const moved = moveWithin(d, 0, from, to);
        expect([...moved.routes[0].visits.map(visitKey)].sort()).toEqual([...d.routes[0].visits.map(visitKey)].sort());
        expect(moved.routes[0].visits[to]).toEqual([`c${from}`]);
        expect(moveWithin(moved, 0, to, from)).toEqual(d);
      }),
    );
  });

  it('a draft from a plan lists each route’s stops in order', () => {
    const plan = {
      date: '2026-07-01',
      routes: [{ officerIds: ['o1'], stops: [{ caseRefs: ['X', 'Y'] }, { caseRefs: ['Z'] }], miles: 1, value: 1 }],
      unplanned: [],
      totals: { visits: 2, miles: 1, value: 1 },
    } as unknown as Plan;
    expect(draftFromPlan(plan)).toEqual({ routes: [{ officerIds: ['o1'], visits: [['X', 'Y'], ['Z']] }] });
  });
});
