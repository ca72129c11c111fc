import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_EVENTS, type JobEventName } from '../../contract/jobs.js';
import { seedDemo } from '../../server/demo/seed.js';
import { makeApp, type TestApp } from './helpers.js';

// A Tuesday; the demo is seeded that day so its notice dates fall around it.
const DATE = '2026-03-03';
const SUNDAY = '2026-03-08';
// Short searches keep the suite fast; quality is the benchmark's business, not these tests'.
// Every plan here replaces the day's current one (the 409 without it has its own test).
const FAST = { timeLimitMs: 1000, seed: 1, replace: true };

interface Stop {
  caseRefs: string[];
  arrival: string;
  departure: string;
  violations: Array<{ code: string; message: string }>;
}
interface Plan {
  id: string;
  version: number;
  date: string;
  routes: Array<{ officerIds: string[]; stops: Stop[]; miles: number; value: number }>;
  unplanned: Array<{ caseRef: string; reason: string; eligibleFrom?: string }>;
  totals: { visits: number; miles: number; value: number };
}

function sseEvents(body: string): Array<{ event: string; data: unknown }> {
  return body
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) };
    });
}

describe('planning over HTTP', () => {
  let t: TestApp;
  let plan: Plan;

  beforeAll(async () => {
    // Two searches per plan, as a two-core server runs them: the planning thread starts a second
    // thread of its own (a thread that failed to start would hold the first 10 s: over the hook's time).
    t = await makeApp({ extra: { searchThreads: 2 } });
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 300 });
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json();
  });
  afterAll(async () => t.close());

  it('POST /api/plans returns the contract shape', () => {
    expect(plan).toMatchObject({ id: expect.any(String), version: 1, date: DATE });
    expect(plan.routes.length).toBeGreaterThan(0);
    expect(plan.totals.visits).toBe(plan.routes.reduce((n, r) => n + r.stops.length, 0));
    expect(plan.totals.visits).toBeGreaterThan(0);
    for (const r of plan.routes) {
      expect(r.officerIds.length).toBeGreaterThanOrEqual(1);
      for (const s of r.stops) {
        // ISO 8601 local time with the London offset (GMT in March before the clocks change).
        expect(s.arrival).toMatch(/^2026-03-03T\d{2}:\d{2}:\d{2}\+00:00$/);
        expect(s.caseRefs.length).toBeGreaterThan(0);
      }
    }
    const reasons = new Set(plan.unplanned.map((u) => u.reason));
    expect(reasons.has('vulnerable') || reasons.has('expired') || reasons.has('not-yet-eligible')).toBe(true);
    for (const u of plan.unplanned.filter((u) => u.reason === 'not-yet-eligible')) expect(u.eligibleFrom! > DATE).toBe(true);
  });

  it('GET /api/plans/:id gives the stored plan back, and GET /api/plans lists it', async () => {
    const res = await t.inject({ url: `/api/plans/${plan.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(plan);
    const list = (await t.inject({ url: `/api/plans?date=${DATE}` })).json();
    expect(list.find((p: { id: string }) => p.id === plan.id)).toMatchObject({ date: DATE, createdBy: 'tl', totals: plan.totals });
    expect((await t.inject({ url: '/api/plans?date=2026-03-04' })).json()).toEqual([]);
  });

  it('evaluate reports violations per stop for an unlawful order, and PUT versions it with a 409 on a stale base', async () => {
    const route = plan.routes.find((r) => r.stops.length >= 2)!;
    const notYet = plan.unplanned.find((u) => u.reason === 'not-yet-eligible')!;
    expect(notYet, 'the demo has a case not yet eligible').toBeDefined();
    const reordered = [...route.stops].reverse().map((s) => s.caseRefs);
    reordered.splice(1, 0, [notYet.caseRef]);
    const body = { routes: [{ officerIds: route.officerIds, caseRefs: reordered }] };

    const res = await t.inject({ method: 'POST', url: `/api/plans/${plan.id}/evaluate`, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    const evaluated = res.json<Plan>();
    const stops = evaluated.routes[0].stops;
    expect(stops.map((s) => s.caseRefs)).toEqual(reordered);
    expect(stops[1].violations.map((v) => v.code)).toContain('before-earliest-lawful-date');
    // The reversed order arrives at the first stop at a different time than the plan did.
    expect(stops[0].arrival).not.toBe(route.stops[route.stops.length - 1].arrival);

    // The inserted case leaves the unplanned list; a stop taken off joins it.
    expect(evaluated.unplanned.map((u) => u.caseRef)).not.toContain(notYet.caseRef);
    const dropped = route.stops[0].caseRefs;
    const shorter = await t.inject({
      method: 'POST',
      url: `/api/plans/${plan.id}/evaluate`,
      payload: { routes: [{ officerIds: route.officerIds, caseRefs: route.stops.slice(1).map((s) => s.caseRefs) }] },
    });
    const removed = shorter
      .json()
      .unplanned.filter((u: { reason: string }) => u.reason === 'removed-by-user')
      .map((u: { caseRef: string }) => u.caseRef);
    expect(removed.sort()).toEqual([...dropped].sort());

    const unknown = await t.inject({
      method: 'POST',
      url: `/api/plans/${plan.id}/evaluate`,
      payload: { routes: [{ officerIds: route.officerIds, caseRefs: [['NO-SUCH-CASE']] }] },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.headers['content-type']).toContain('application/problem+json');

    const saved = await t.inject({ method: 'PUT', url: `/api/plans/${plan.id}`, payload: { ...body, baseVersion: 1 } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().version).toBe(2);
    const stale = await t.inject({ method: 'PUT', url: `/api/plans/${plan.id}`, payload: { ...body, baseVersion: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ status: 409, currentVersion: 2 });
    expect((await t.inject({ url: `/api/plans/${plan.id}?version=1` })).json().version).toBe(1);
  });

  it('serves route geometry along the route with steps', async () => {
    const res = await t.inject({ url: `/api/plans/${plan.id}/routes/0/geometry?version=1` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.code).toBe('Ok');
    expect(body.routes[0].legs).toHaveLength(plan.routes[0].stops.length + 1);
    expect(body.routes[0].geometry.coordinates.length).toBeGreaterThan(plan.routes[0].stops.length);
    expect((await t.inject({ url: `/api/plans/${plan.id}/routes/99/geometry` })).statusCode).toBe(404);
  });

  it('a date with no available officer is a clear 422', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: SUNDAY, ...FAST } });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toMatch(/no officer is available/);
    const unknownOfficer = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['ghost'] } });
    expect(unknownOfficer.statusCode).toBe(422);
    expect(unknownOfficer.json().errors[0].field).toBe('body.officerIds.0');
    const badDate = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2026-02-30' } });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe('body.date');
  });

  it('outcomes feed the next plan: a vulnerable finding holds every case of the debtor', async () => {
    const visited = plan.routes[0].stops[0].caseRefs[0];
    const out = await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: visited, kind: 'vulnerable', at: `${DATE}T10:00:00Z` } });
    expect(out.statusCode).toBe(201);
    const next = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(next.statusCode).toBe(201);
    const nextPlan = next.json<Plan>();
    expect(nextPlan.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs))).not.toContain(visited);
    const debtorRef = (await t.store.getCase(visited))!.debtorRef;
    const debtorCases = (await t.store.listCases({ status: 'open' })).filter((c) => c.debtorRef === debtorRef).map((c) => c.ref);
    for (const ref of debtorCases) expect(nextPlan.unplanned.find((u) => u.caseRef === ref)?.reason, ref).toBe('vulnerable');
  });

  it('re-plans the rest of the day as a new version, keeping a locked stop next', async () => {
    const route = plan.routes.find((r) => r.stops.length >= 4)!;
    const done = route.stops.slice(0, 2).flatMap((s) => s.caseRefs);
    const lockedStop = route.stops[route.stops.length - 1].caseRefs;
    const at = route.stops[1];
    const current = (await t.inject({ url: `/api/plans/${plan.id}` })).json<Plan>();
    const res = await t.inject({
      method: 'POST',
      url: `/api/plans/${plan.id}/replan`,
      // The client sends bare refs; the server groups them into the plan's stops.
      payload: { officerIds: route.officerIds, from: { time: at.departure, lat: 51.61, lon: -0.13 }, done, locked: [lockedStop[0]], timeLimitMs: 1000 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const replanned = res.json<Plan>();
    expect(replanned.version).toBe(current.version + 1);
    const after = replanned.routes.find((r) => r.officerIds.join() === route.officerIds.join())!;
    const rest = after.stops.filter((s) => !s.caseRefs.some((ref) => done.includes(ref)));
    expect(rest[0].caseRefs).toEqual(lockedStop);
    for (const s of rest) expect(s.arrival >= at.departure).toBe(true);
  });

  it('streams progress as server-sent events, then done with the plan id', async () => {
    const started = await t.inject({ method: 'POST', url: '/api/plans?async=1', payload: { date: DATE, ...FAST } });
    expect(started.statusCode).toBe(202);
    const { jobId, events } = started.json();
    const stream = await t.inject({ url: events });
    expect(stream.headers['content-type']).toContain('text/event-stream');
    const received = sseEvents(stream.body);
    expect(received[0].event).toBe('status');
    expect(received.some((e) => e.event === 'progress')).toBe(true);
    // Every event is one the contract names, with the payload it describes.
    for (const e of received) {
      expect(Object.keys(JOB_EVENTS)).toContain(e.event);
      const parsed = JOB_EVENTS[e.event as JobEventName].safeParse(e.data);
      expect(parsed.success, `${e.event}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    const last = received[received.length - 1];
    expect(last.event).toBe('done');
    const planId = (last.data as { result: { planId: string } }).result.planId;
    expect((await t.inject({ url: `/api/plans/${planId}` })).statusCode).toBe(200);
    expect((await t.inject({ url: `/api/jobs/${jobId}` })).json().status).toBe('done');
  });

  it('cancels a long planning job', async () => {
    // The longest search the API allows, longer than the test may take.
    const started = await t.inject({ method: 'POST', url: '/api/plans?async=1', payload: { date: DATE, timeLimitMs: 120_000, replace: true } });
    const { jobId } = started.json();
    const cancel = await t.inject({ method: 'DELETE', url: `/api/jobs/${jobId}` });
    expect(cancel.statusCode).toBe(202);
    expect(cancel.json().status).toBe('cancelled');
    const stream = await t.inject({ url: `/api/jobs/${jobId}/events` });
    const received = sseEvents(stream.body);
    expect(received[received.length - 1].event).toBe('cancelled');
    expect((await t.inject({ method: 'DELETE', url: `/api/jobs/${jobId}` })).statusCode).toBe(409);
    // The runner is free again: the next plan does not wait behind the cancelled search (which
    // would outlast the test's time-out).
    const next = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(next.statusCode).toBe(201);
  });

  it('a plan being made does not replace the day plan an officer edited meanwhile', async () => {
    const current = (await t.inject({ url: `/api/plans/current?date=${DATE}` })).json<Plan>();
    const started = await t.inject({ method: 'POST', url: '/api/plans?async=1', payload: { date: DATE, timeLimitMs: 1500, seed: 2, replace: true } });
    expect(started.statusCode, started.body).toBe(202);
    // Saved while the search runs: the first route's order, its first two stops the other way round.
    const routes = current.routes.map((r) => ({ officerIds: r.officerIds, caseRefs: r.stops.map((st) => st.caseRefs) }));
    const first = routes.findIndex((r) => r.caseRefs.length >= 2);
    routes[first].caseRefs = [routes[first].caseRefs[1], routes[first].caseRefs[0], ...routes[first].caseRefs.slice(2)];
    const edited = await t.inject({ method: 'PUT', url: `/api/plans/${current.id}`, payload: { routes, baseVersion: current.version } });
    expect(edited.statusCode, edited.body).toBe(200);
    const received = sseEvents((await t.inject({ url: started.json().events })).body);
    const last = received[received.length - 1];
    expect(last.event).toBe('failed');
    expect(JSON.stringify(last.data)).toMatch(/plan changed while this one was being made/);
    // The edit stands as the day's plan.
    expect((await t.inject({ url: `/api/plans/current?date=${DATE}` })).json<Plan>()).toMatchObject({ id: current.id, version: current.version + 1 });
  });

  it('a week being made saves none of its days when one was edited meanwhile', async () => {
    // Friday 13 March has a plan; a week of Thursday and Friday replaces it while an officer edits it.
    const friday = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2026-03-13', ...FAST } });
    expect(friday.statusCode, friday.body).toBe(201);
    const current = friday.json<Plan>();
    const started = await t.inject({
      method: 'POST',
      url: '/api/plans/week?async=1',
      payload: { from: '2026-03-12', days: 2, timeLimitMs: 1500, replace: true },
    });
    expect(started.statusCode, started.body).toBe(202);
    const routes = current.routes.map((r) => ({ officerIds: r.officerIds, caseRefs: r.stops.map((st) => st.caseRefs) }));
    const edited = await t.inject({ method: 'PUT', url: `/api/plans/${current.id}`, payload: { routes, baseVersion: current.version } });
    expect(edited.statusCode, edited.body).toBe(200);
    const received = sseEvents((await t.inject({ url: started.json().events })).body);
    expect(received[received.length - 1].event).toBe('failed');
    expect(JSON.stringify(received[received.length - 1].data)).toMatch(/2026-03-13's plan changed while this one was being made/);
    // Thursday, planned before Friday was refused, is not saved either: the week is all or nothing.
    expect((await t.inject({ url: '/api/plans/current?date=2026-03-12' })).statusCode).toBe(204);
    expect((await t.inject({ url: '/api/plans/current?date=2026-03-13' })).json<Plan>()).toMatchObject({ id: current.id, version: current.version + 1 });
  });

  it('plans a week: each case on one day at most, Saturdays already worked counted from outcomes', async () => {
    // Officer one worked Saturday 7 March (an outcome recorded under their id).
    const caseRef = plan.unplanned.find((u) => u.reason !== 'vulnerable' && u.reason !== 'held-for-review')!.caseRef;
    await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef, kind: 'no_contact', at: '2026-03-07T11:00:00Z', officerId: 'officer-1' } });
    const res = await t.inject({ method: 'POST', url: '/api/plans/week', payload: { from: '2026-03-09', days: 2, timeLimitMs: 1000 } });
    expect(res.statusCode, res.body).toBe(201);
    const week = res.json<{ days: Plan[]; saturdayQuotas: Array<{ officerId: string; workedBefore: number }> }>();
    expect(week.days.map((d) => d.date)).toEqual(['2026-03-09', '2026-03-10']);
    const refs = week.days.flatMap((d) => d.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs)));
    expect(new Set(refs).size).toBe(refs.length);
    for (const d of week.days) expect((await t.inject({ url: `/api/plans/${d.id}` })).statusCode).toBe(200);
    expect(week.saturdayQuotas.find((q) => q.officerId === 'officer-1')?.workedBefore).toBe(1);
    expect(week.saturdayQuotas.find((q) => q.officerId === 'officer-2')?.workedBefore).toBe(0);
  });
});
