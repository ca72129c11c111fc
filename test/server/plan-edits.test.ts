import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { makeApp, type TestApp } from './helpers.js';

const DATE = '2026-03-03';

interface Plan {
  id: string;
  version: number;
  routes: Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[] }> }>;
  unplanned: Array<{ caseRef: string; reason: string }>;
}

const byRef = (a: { caseRef: string }, b: { caseRef: string }) => (a.caseRef < b.caseRef ? -1 : a.caseRef > b.caseRef ? 1 : 0);
const refsOf = (route: Plan['routes'][number]) => route.stops.map((s) => s.caseRefs);

describe('the unplanned list in the answer to an edit is the whole day’s', () => {
  let t: TestApp;
  let plan: Plan;

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 300 });
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, timeLimitMs: 1000, seed: 1 } });
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json<Plan>();
    expect(plan.routes.filter((r) => r.stops.length >= 2).length, 'two routes of two stops or more').toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => t.close());

  it('one route sent: the planner’s reasons stay, the stop taken off joins as removed by the user', async () => {
    const [first] = plan.routes.filter((r) => r.stops.length >= 2);
    const res = await t.inject({
      method: 'POST',
      url: `/api/plans/${plan.id}/evaluate`,
      payload: { routes: [{ officerIds: first.officerIds, caseRefs: refsOf(first).slice(1) }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const removed = first.stops[0].caseRefs.map((caseRef) => ({ caseRef, reason: 'removed-by-user' }));
    expect(res.json<Plan>().unplanned).toEqual([...plan.unplanned, ...removed].sort(byRef));
  });

  it('after that edit is saved, an edit of another route keeps it in the list, and a case moved between routes is not removed', async () => {
    const [first, second] = plan.routes.filter((r) => r.stops.length >= 2);
    const taken = first.stops[0].caseRefs;
    const saved = await t.inject({
      method: 'PUT',
      url: `/api/plans/${plan.id}`,
      payload: { baseVersion: 1, routes: [{ officerIds: first.officerIds, caseRefs: refsOf(first).slice(1) }] },
    });
    expect(saved.statusCode, saved.body).toBe(200);

    const other = await t.inject({
      method: 'POST',
      url: `/api/plans/${plan.id}/evaluate`,
      payload: { routes: [{ officerIds: second.officerIds, caseRefs: refsOf(second).reverse() }] },
    });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json<Plan>().unplanned.filter((u) => taken.includes(u.caseRef))).toEqual(taken.map((caseRef) => ({ caseRef, reason: 'removed-by-user' })));

    const moved = first.stops[1].caseRefs;
    const move = await t.inject({
      method: 'POST',
      url: `/api/plans/${plan.id}/evaluate`,
      payload: {
        routes: [
          { officerIds: first.officerIds, caseRefs: refsOf(first).slice(2) },
          { officerIds: second.officerIds, caseRefs: [...refsOf(second), moved] },
        ],
      },
    });
    expect(move.statusCode, move.body).toBe(200);
    const refs = move.json<Plan>().unplanned.map((u) => u.caseRef);
    for (const ref of moved) expect(refs).not.toContain(ref);
    for (const ref of taken) expect(refs).toContain(ref);
  });
});
