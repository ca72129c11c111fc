import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { OFFICER, makeApp, type TestApp } from './helpers.js';

// A Tuesday; the demo is seeded that day so its notice dates fall around it.
const DATE = '2026-03-03';
const FAST = { timeLimitMs: 500, seed: 1 };

interface Plan {
  id: string;
  version: number;
  routes: Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[]; departure: string }> }>;
  unplanned: Array<{ caseRef: string; reason: string }>;
}

/**
 * A lock fixes the order of stops the user already has; it is not a way round the safeguards or the
 * officer's scope (a locked case would give the officer its debtor's name and address).
 */
describe('locked stops in a re-plan', () => {
  let t: TestApp;
  let plan: Plan;
  const own = () => plan.routes.find((r) => r.officerIds.includes('officer-a'))!;
  const other = () => plan.routes.find((r) => !r.officerIds.includes('officer-a'))!;
  const replan = (body: Record<string, unknown>) => ({
    method: 'POST' as const,
    url: `/api/plans/${plan.id}/replan`,
    payload: { officerIds: ['officer-a'], from: { time: `${DATE}T11:00:00Z`, lat: 51.6127, lon: -0.1408 }, ...FAST, ...body },
  });

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 200 });
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['officer-a', 'officer-2'], ...FAST } });
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json();
    expect(own().stops.length).toBeGreaterThan(1);
    expect(other().stops.length).toBeGreaterThan(0);
  });
  afterAll(async () => t.close());

  it("refuses an officer locking another officer's case or a case never on their route, and marking one done", async () => {
    const theirs = other().stops[0].caseRefs[0];
    const planned = new Set(plan.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs)));
    const never = (await t.store.listCases({ status: 'open' })).find((c) => !planned.has(c.ref))!.ref;
    for (const [body, field, ref] of [
      [{ locked: [theirs] }, 'body.locked', theirs],
      [{ locked: [[never]] }, 'body.locked', never],
      [{ done: [never] }, 'body.done', never],
    ] as const) {
      const res = await t.as('officer')(replan(body));
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().errors[0]).toEqual({ field, message: `'${ref}' was never on your route` });
    }
    // The case stays out of the officer's reach.
    expect((await t.as('officer')({ url: `/api/cases/${never}` })).statusCode).toBe(404);
    expect((await t.inject({ url: `/api/plans/${plan.id}` })).json().version).toBe(plan.version);
  });

  it("refuses an officer a crew of their own making (it would answer another officer's home as the route's start)", async () => {
    for (const method of ['POST', 'PUT'] as const) {
      const res = await t.as('officer')({
        method,
        url: method === 'POST' ? `/api/plans/${plan.id}/evaluate` : `/api/plans/${plan.id}`,
        payload: { ...(method === 'PUT' ? { baseVersion: plan.version } : {}), routes: [{ officerIds: ['officer-2', 'officer-a'], caseRefs: [] }] },
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().errors[0]).toEqual({ field: 'body.routes.0.officerIds', message: 'not a crew of yours in this plan' });
      expect(res.body).not.toContain('"start"');
    }
    expect((await t.inject({ url: `/api/plans/${plan.id}` })).json().version).toBe(plan.version);
    // Their own route as the plan has it is still theirs to reorder.
    const mine = own().stops.map((s) => s.caseRefs);
    const ok = await t.as('officer')({
      method: 'POST',
      url: `/api/plans/${plan.id}/evaluate`,
      payload: { routes: [{ officerIds: own().officerIds, caseRefs: mine.reverse() }] },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('lets an officer lock a stop of their own route', async () => {
    const mine = own().stops[own().stops.length - 1].caseRefs;
    const res = await t.as('officer')(replan({ locked: [mine], baseVersion: plan.version }));
    expect(res.statusCode, res.body).toBe(200);
    plan = (await t.inject({ url: `/api/plans/${plan.id}` })).json();
    expect(own().stops[0].caseRefs).toEqual(mine);
  });

  it('leaves out a locked case whose debtor was since found vulnerable, with that reason', async () => {
    const held = own().stops[0].caseRefs[0];
    const out = await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: held, kind: 'vulnerable', at: `${DATE}T10:30:00Z` } });
    expect(out.statusCode, out.body).toBe(201);
    const res = await t.inject(replan({ locked: [held], baseVersion: plan.version }));
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<Plan>();
    expect(after.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs))).not.toContain(held);
    expect(after.unplanned.find((u) => u.caseRef === held)?.reason).toBe('vulnerable');
  });

  it('bounds the lists: more locked stops than a route may hold is a 400 naming the field', async () => {
    const res = await t.inject(replan({ locked: Array.from({ length: 201 }, (_, i) => `CT-${i}`) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toMatch(/^body\.locked/);
  });
});
