import { describe, expect, it } from 'vitest';
import type { CaseSummary, Plan } from '../../client/src/api/schemas';
import { routesInDraftOrder } from '../../client/src/state/shown';

const stop = (ref: string, arrival: string) => ({ caseRefs: [ref], lat: 51, lon: 0, arrival, departure: arrival, value: 10 });
const plan = {
  id: 'p1',
  date: '2026-07-01',
  routes: [
    {
      officerIds: ['a'],
      stops: [stop('1', 'T09'), stop('2', 'T10'), stop('3', 'T11')],
      miles: 3,
      value: 30,
      checkIns: [
        { at: 'T08', kind: 'start' },
        { at: 'T10', kind: 'arrive', stop: 1 },
      ],
    },
    { officerIds: ['b'], stops: [stop('4', 'T09')], miles: 1, value: 10 },
  ],
  unplanned: [],
  totals: { visits: 4, miles: 4, value: 40 },
} as unknown as Plan;
const cases = new Map<string, CaseSummary>([['9', { ref: '9', postcode: 'N1 1AA', lat: 51.5, lon: -0.1, balance: 100 } as CaseSummary]]);

describe('the lists in the user’s order', () => {
  it('a route the draft leaves as the server judged it is the plan’s own', () => {
    const routes = routesInDraftOrder(
      plan,
      {
        routes: [
          { officerIds: ['a'], visits: [['1'], ['2'], ['3']] },
          { officerIds: ['b'], visits: [['4']] },
        ],
      },
      cases,
    );
    expect(routes[0]).toBe(plan.routes[0]);
    expect(routes[1]).toBe(plan.routes[1]);
  });

  it('a moved stop keeps its last times in its new place; per-stop check-ins, named by position, are dropped', () => {
    const routes = routesInDraftOrder(
      plan,
      {
        routes: [
          { officerIds: ['a'], visits: [['3'], ['1']] },
          { officerIds: ['b'], visits: [['4'], ['2']] },
        ],
      },
      cases,
    );
    expect(routes[0].stops.map((s) => [s.caseRefs[0], s.arrival])).toEqual([
      ['3', 'T11'],
      ['1', 'T09'],
    ]);
    expect(routes[0].checkIns).toEqual([{ at: 'T08', kind: 'start' }]);
    expect(routes[1].stops.map((s) => [s.caseRefs[0], s.arrival])).toEqual([
      ['4', 'T09'],
      ['2', 'T10'],
    ]);
  });

  it('a case just added has no time yet, at its case’s place', () => {
    const routes = routesInDraftOrder(
      plan,
      {
        routes: [
          { officerIds: ['a'], visits: [['1'], ['9'], ['2'], ['3']] },
          { officerIds: ['b'], visits: [['4']] },
        ],
      },
      cases,
    );
    expect(routes[0].stops[1]).toEqual({ caseRefs: ['9'], lat: 51.5, lon: -0.1, arrival: '', departure: '', value: 0 });
  });

  it('a draft of other teams (another plan) is not mixed in', () => {
    expect(
      routesInDraftOrder(
        plan,
        {
          routes: [
            { officerIds: ['z'], visits: [['3']] },
            { officerIds: ['b'], visits: [['4']] },
          ],
        },
        cases,
      ),
    ).toBe(plan.routes);
    expect(routesInDraftOrder(plan, null, cases)).toBe(plan.routes);
  });
});
