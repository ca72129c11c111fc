import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { makeApp, type TestApp } from './helpers.js';

/** Every request of this file goes through here, so that sign-in headers are added in one place. */
function inject(t: TestApp, options: InjectOptions & { url: string }) {
  return t.inject(options);
}

// A Tuesday; the demo is seeded that day so its notice dates fall around it.
const DATE = '2026-03-03';

interface Route {
  officerIds: string[];
  stops: Array<{ caseRefs: string[]; arrival: string }>;
  miles: number;
  value: number;
}
interface Plan {
  id: string;
  version: number;
  routes: Route[];
  unplanned: Array<{ caseRef: string; reason: string }>;
  totals: { visits: number; miles: number; value: number };
}

const order = (r: Route) => r.stops.map((s) => s.caseRefs);

describe('PUT /api/plans/:id with some of the routes', () => {
  let t: TestApp;
  let plan: Plan;

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 300 });
    const res = await inject(t, {
      method: 'POST',
      url: '/api/plans',
      payload: { date: DATE, officerIds: ['officer-1', 'officer-2'], timeLimitMs: 1000, seed: 1 },
    });
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json();
    expect(plan.routes.map((r) => r.officerIds)).toEqual([['officer-1'], ['officer-2']]);
    expect(plan.routes.every((r) => r.stops.length >= 3)).toBe(true);
  });
  afterAll(async () => t.close());

  it('keeps the route not sent exactly as it was; the totals are over both routes', async () => {
    const [first, second] = plan.routes;
    const reversed = order(second).reverse();
    const res = await inject(t, {
      method: 'PUT',
      url: `/api/plans/${plan.id}`,
      payload: { baseVersion: 1, routes: [{ officerIds: second.officerIds, caseRefs: reversed }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json<Plan>();
    expect(saved.version).toBe(2);
    expect(saved.routes.map((r) => r.officerIds)).toEqual([['officer-1'], ['officer-2']]);
    expect(JSON.stringify(saved.routes[0])).toBe(JSON.stringify(first));
    expect(order(saved.routes[1])).toEqual(reversed);

    const round2 = (n: number) => Math.round(n * 100) / 100;
    expect(saved.totals).toEqual({
      visits: first.stops.length + second.stops.length,
      miles: round2(first.miles + saved.routes[1].miles),
      value: round2(first.value + saved.routes[1].value),
    });
    // What was stored is what was answered.
    expect((await inject(t, { url: `/api/plans/${plan.id}` })).json()).toEqual(saved);
  });

  it('a team new to the plan goes last, and the case it takes leaves the unplanned list', async () => {
    const current = (await inject(t, { url: `/api/plans/${plan.id}` })).json<Plan>();
    const taken = current.unplanned.find((u) => ['not-worth-detour', 'no-capacity', 'no-window', 'needs-crew', 'outside-shifts'].includes(u.reason))!;
    expect(taken, 'the plan leaves out a case that could be visited').toBeDefined();
    const res = await inject(t, {
      method: 'PUT',
      url: `/api/plans/${plan.id}`,
      payload: { baseVersion: current.version, routes: [{ officerIds: ['officer-3'], caseRefs: [[taken.caseRef]] }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json<Plan>();
    expect(saved.routes.map((r) => r.officerIds)).toEqual([['officer-1'], ['officer-2'], ['officer-3']]);
    expect(JSON.stringify(saved.routes.slice(0, 2))).toBe(JSON.stringify(current.routes));
    expect(saved.unplanned.map((u) => u.caseRef)).not.toContain(taken.caseRef);
    expect(saved.totals.visits).toBe(current.totals.visits + 1);
  });

  it('a case still on a route not sent is a 422 naming it, and nothing is saved', async () => {
    const current = (await inject(t, { url: `/api/plans/${plan.id}` })).json<Plan>();
    const [first, second] = current.routes;
    const moved = first.stops[0].caseRefs;
    const res = await inject(t, {
      method: 'PUT',
      url: `/api/plans/${plan.id}`,
      payload: { baseVersion: current.version, routes: [{ officerIds: second.officerIds, caseRefs: [moved, ...order(second)] }] },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'body.routes.0.caseRefs.0' });
    expect(res.json().detail).toContain(`case '${moved[0]}' is still on the route of officer-1`);
    expect((await inject(t, { url: `/api/plans/${plan.id}` })).json().version).toBe(current.version);

    // Sent together, the move saves.
    const both = await inject(t, {
      method: 'PUT',
      url: `/api/plans/${plan.id}`,
      payload: {
        baseVersion: current.version,
        routes: [
          { officerIds: first.officerIds, caseRefs: order(first).slice(1) },
          { officerIds: second.officerIds, caseRefs: [moved, ...order(second)] },
        ],
      },
    });
    expect(both.statusCode, both.body).toBe(200);
    expect(order(both.json<Plan>().routes[1])[0]).toEqual(moved);
  });

  it('evaluate still answers with the teams sent only', async () => {
    const current = (await inject(t, { url: `/api/plans/${plan.id}` })).json<Plan>();
    const res = await inject(t, {
      method: 'POST',
      url: `/api/plans/${plan.id}/evaluate`,
      payload: { routes: [{ officerIds: current.routes[0].officerIds, caseRefs: order(current.routes[0]) }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Plan>().routes.map((r) => r.officerIds)).toEqual([current.routes[0].officerIds]);
  });
});
