import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../solver/vrp/checker.js';
import { solve } from '../../solver/vrp/solve.js';
import { buildDayModel } from '../../solver/rules/day-model.js';
import { CalendarRangeError, PlanningInputError } from '../../solver/rules/errors.js';
import { planDay } from '../../solver/rules/index.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { loadDemoBackend } from '../../solver/roads/index.js';
import { DEFAULT_RULES_SETTINGS } from '../../solver/rules/settings.js';
import { teamsForDate } from '../../solver/rules/officers.js';
import { context, makeCase, makeOfficer, randomCases } from './fixtures.js';

const DATE = '2026-06-16'; // a Tuesday

describe('planDay', () => {
  const cases = [
    ...randomCases(60, DATE, 7),
    makeCase('TWIN-1', { debtorRef: 'D-TWIN', address: '1 Twin Road', balance: 700, lat: 51.61, lon: -0.125, noticeDate: '2026-03-02' }),
    makeCase('TWIN-2', { debtorRef: 'D-TWIN', address: '1 twin road ', balance: 1300, lat: 51.61, lon: -0.125, noticeDate: '2026-04-01' }),
    makeCase('EXPIRED', { noticeDate: '2025-06-15' }),
    makeCase('LASTDAY', { noticeDate: '2025-06-17', balance: 5000 }),
    makeCase('EARLY', { noticeDate: '2026-06-10' }),
    makeCase('SUSP', { status: 'suspended' }),
    makeCase('VULN', { vulnerable: true }),
    makeCase('FESTIVAL', { doNotVisit: [DATE] }),
    makeCase('CLOSED', { status: 'closed' }),
  ];
  const ctx = context(cases);

  it('plans each open case once or says why not, lawfully, with crews for warning markers', async () => {
    const plan = await planDay(ctx, { date: DATE, timeLimitMs: 1500, seed: 1 });
    const planned = plan.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs));
    expect(new Set(planned).size).toBe(planned.length);
    expect(planned.length).toBeGreaterThan(10);
    const unplanned = new Map(plan.unplanned.map((u) => [u.caseRef, u]));
    for (const c of cases) {
      if (c.status === 'closed') expect(planned.includes(c.ref) || unplanned.has(c.ref)).toBe(false);
      else expect(planned.includes(c.ref) !== unplanned.has(c.ref)).toBe(true);
    }
    expect(unplanned.get('EXPIRED')?.reason).toBe('expired');
    expect(unplanned.get('EARLY')).toEqual({ caseRef: 'EARLY', reason: 'not-yet-eligible', eligibleFrom: '2026-06-19' });
    expect(unplanned.get('SUSP')?.reason).toBe('arrangement');
    expect(unplanned.get('VULN')?.reason).toBe('vulnerable');
    expect(unplanned.get('FESTIVAL')?.reason).toBe('do-not-visit');
    expect(unplanned.has('LASTDAY')).toBe(false); // 12 months beginning with 17 Jun 2025 end on 16 Jun 2026

    for (const route of plan.routes) {
      const crew = route.officerIds.length === 2;
      for (const stop of route.stops) {
        expect(stop.violations).toEqual([]);
        if (stop.flags.warning) expect(crew).toBe(true);
        expect(stop.arrival).toMatch(/^2026-06-16T\d\d:\d\d:\d\d\+01:00$/);
        expect(stop.value).toBeGreaterThan(0);
      }
    }
    // a debtor's cases at one address are one visit with balances summed (Fees reg 11)
    const twin = plan.routes.flatMap((r) => r.stops).find((s) => s.caseRefs.includes('TWIN-1'));
    expect(twin?.caseRefs).toEqual(['TWIN-1', 'TWIN-2']);
    expect(twin?.balance).toBe(2000);
    expect(plan.totals.visits).toBe(plan.routes.reduce((s, r) => s + r.stops.length, 0));
    expect(plan.estimate).toBe(true);
  });

  it('gives the solver a problem whose solution the independent checker accepts', async () => {
    const teams = teamsForDate(ctx.officers, ctx.crews, DATE, ctx.settings);
    const model = await buildDayModel(ctx, { date: DATE, teams });
    const result = solve(model.problem, { timeLimitMs: 800, seed: 3 });
    const check = checkSolution(model.problem, result.solution);
    expect(check.violations).toEqual([]);
    // warning markers (crew skill) only on the crew's vehicle
    const crewVehicle = teams.findIndex((t) => t.officerIds.length === 2);
    for (const route of result.solution.routes) {
      for (const j of route.visits) if (j >= 0 && model.visits[j].warning) expect(route.vehicle).toBe(crewVehicle);
    }
  });

  it('officers of a working crew are not also planned alone', () => {
    const teams = teamsForDate(ctx.officers, ctx.crews, DATE, ctx.settings);
    const ids = teams.flatMap((t) => t.officerIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(teams.map((t) => t.officerIds.join('+')).sort()).toEqual(['o1', 'o2', 'o3+o4']);
    // with o4 off, o3 works alone and warning markers have nobody
    const off = ctx.officers.map((o) => (o.id === 'o4' ? { ...o, unavailableDates: [DATE] } : o));
    const solo = teamsForDate(off, ctx.crews, DATE, ctx.settings);
    expect(solo.every((t) => !t.skills.includes('crew'))).toBe(true);
  });

  it('reports warning markers as needs-crew when no crew works', async () => {
    const only = context([makeCase('W', { warning: true }), makeCase('N')]);
    const plan = await planDay(only, { date: DATE, officerIds: ['o1'], timeLimitMs: 200, seed: 1 });
    expect(plan.unplanned).toEqual([{ caseRef: 'W', reason: 'needs-crew' }]);
    expect(plan.routes[0].stops.map((s) => s.caseRefs)).toEqual([['N']]);
  });

  it('leaves out a visit not worth its miles at a high weight, and says so', async () => {
    const far = context([makeCase('NEAR', { balance: 3000 }), makeCase('FAR', { balance: 150, lat: 51.75, lon: -0.3 })]);
    const plan = await planDay(far, { date: DATE, officerIds: ['o1'], weight: 5, timeLimitMs: 300, seed: 1 });
    expect(plan.unplanned).toEqual([{ caseRef: 'FAR', reason: 'not-worth-detour' }]);
    const cheap = await planDay(far, { date: DATE, officerIds: ['o1'], weight: 0, timeLimitMs: 300, seed: 1 });
    expect(cheap.unplanned).toEqual([]);
  });

  it('sends a repeat attempt to a different band from the last failed one', async () => {
    const attempts = context([
      makeCase('R-EARLY', { previousAttempts: ['2026-06-09T07:10:00+01:00'] }),
      makeCase('R-EVENING', { previousAttempts: ['2026-06-01T18:00:00+01:00', '2026-06-08T19:30:00+01:00'], lat: 51.62, lon: -0.12 }),
    ]);
    const early = { ...attempts.officers[0], shiftStart: '06:00', shiftEnd: '21:00' };
    for (const seed of [1, 2]) {
      const plan = await planDay({ ...attempts, officers: [early] }, { date: DATE, timeLimitMs: 200, seed });
      const stops = plan.routes[0].stops;
      expect(stops.length).toBe(2);
      for (const s of stops) {
        expect(s.flags.repeat).toBe(true);
        expect(s.window.band).not.toBe(s.caseRefs[0] === 'R-EARLY' ? 'early' : 'evening');
      }
    }
  });

  it('visits business premises while they trade, even before 06:00, and homes only from 06:00', async () => {
    const dawn = context([makeCase('SHOP', { premises: 'business', tradingHours: 'Mo-Sa 05:00-23:00' }), makeCase('HOME', { lat: 51.6148, lon: -0.1331 })], {
      officers: [makeOfficer('d', { shiftStart: '04:30', shiftEnd: '06:10', breakMinutes: 0 })],
      crews: [],
    });
    const plan = await planDay(dawn, { date: DATE, timeLimitMs: 200, seed: 1 });
    const shop = plan.routes[0].stops.find((s) => s.caseRefs[0] === 'SHOP');
    expect(shop!.arrival < '2026-06-16T06:00').toBe(true);
    expect(shop?.violations).toEqual([]);
    expect(plan.unplanned.map((u) => u.caseRef)).toEqual(['HOME']); // 06:00 + 15 min > 06:10 shift end
  });

  it('trades value for miles as the weight rises', async () => {
    // Shifts, not the visit cap, bound the day here. A high weight gives up value to drive less (it
    // may still make as many visits: shorter drives leave time for more nearby ones). The search
    // stops at its iteration limit, never its clock, so the machine's load cannot change the answer.
    const settings = { ...DEFAULT_RULES_SETTINGS, maxVisitsPerRoute: 200 };
    const sweep = context(randomCases(150, DATE, 3), { officers: [makeOfficer('a'), makeOfficer('b')], crews: [], settings });
    const at = (weight: number) => planDay(sweep, { date: DATE, weight, seed: 1, maxIterations: 300, timeLimitMs: 60_000 });
    const [low, high] = [await at(0.45), await at(600)];
    expect(high.totals.miles).toBeLessThan(low.totals.miles * 0.8);
    expect(high.totals.value).toBeLessThan(low.totals.value);
    expect(high.unplanned.some((u) => u.reason === 'not-worth-detour')).toBe(true);
  });

  it('plans on the demo road backend and says whether travel is an estimate', async () => {
    const roads = await loadDemoBackend();
    const plan = await planDay(context(randomCases(25, DATE, 9), { routing: roads }), { date: DATE, timeLimitMs: 300, seed: 1 });
    expect(plan.estimate).toBe(roads.estimate);
    expect(plan.totals.visits).toBeGreaterThan(5);
    for (const r of plan.routes) for (const s of r.stops) expect(s.violations).toEqual([]);
  });

  it('offers the solver the most valuable visits, twice what the day holds, and still says why each other case is out', async () => {
    const settings = { ...DEFAULT_RULES_SETTINGS, maxVisitsPerRoute: 3 };
    const many = randomCases(40, DATE, 11).map((c) => ({
      ...c,
      status: 'open' as const,
      vulnerable: false,
      warning: false,
      doNotVisit: [],
      noticeDate: '2026-01-05',
      premises: 'domestic' as const,
    }));
    const small = context(many, { officers: [makeOfficer('solo')], crews: [], settings });
    const teams = teamsForDate(small.officers, small.crews, DATE, settings);
    const model = await buildDayModel(small, { date: DATE, teams });
    expect(model.problem.jobs).toHaveLength(6);
    expect(model.visits.length + model.spares.length).toBe(new Set(many.map((c) => `${c.debtorRef}|${c.postcode}`)).size);
    const best = (j: { prize: number; windows: Array<{ valueFactor?: number }> }) => j.prize * Math.max(...j.windows.map((w) => w.valueFactor ?? 1));
    const worstOffered = Math.min(...model.problem.jobs.map(best));
    for (const s of model.spares) expect(best(s.job)).toBeLessThanOrEqual(worstOffered);
    // The matrix covers the team's start and end and the offered visits only; the spares carry their own travel.
    expect(model.problem.locationCount).toBe(2 * teams.length + model.problem.jobs.length);
    for (const s of model.spares) expect([s.into.length, s.outOf.length]).toEqual([model.problem.locationCount, model.problem.locationCount]);
    const plan = await planDay(small, { date: DATE, timeLimitMs: 300, seed: 1 });
    const planned = plan.routes.flatMap((r) => r.stops.flatMap((st) => st.caseRefs));
    const why = new Map(plan.unplanned.map((u) => [u.caseRef, u.reason]));
    for (const c of many) expect(planned.includes(c.ref) !== why.has(c.ref)).toBe(true);
    for (const s of model.spares) for (const ref of s.visit.caseRefs) expect(['no-capacity', 'not-worth-detour']).toContain(why.get(ref));
  });

  it('at weight 0 still drives the shorter of two orders worth the same', async () => {
    // Start and end at the office; A is on the way out to B only in one direction of travel.
    const office = { lat: 51.6147, lon: -0.1332 };
    const a = makeCase('A', { lat: 51.6147, lon: -0.12, noticeDate: '2026-01-05', balance: 900 });
    const b = makeCase('B', { lat: 51.6247, lon: -0.11, noticeDate: '2026-01-05', balance: 900 });
    const c = makeCase('C', { lat: 51.6347, lon: -0.12, noticeDate: '2026-01-05', balance: 900 });
    const officer = makeOfficer('solo', { start: office, end: office, breakMinutes: 0 });
    const plan = await planDay(context([a, b, c], { officers: [officer], crews: [] }), { date: DATE, weight: 0, timeLimitMs: 300, seed: 1 });
    const order = plan.routes[0].stops.map((s) => s.caseRefs[0]);
    expect(order).toHaveLength(3);
    // Round the triangle, not back and forth across it: A and C are never visited one after the other.
    expect(order[1]).toBe('B');
  });

  it('leaves a case beyond the road data out as outside-road-area, and names an officer who starts there', async () => {
    const roads = await loadDemoBackend();
    // Arnos Park, on the northern edge of the demo extract: about 500 m from its nearest road, with no road of the extract beyond it.
    const park = makeCase('IN-THE-PARK', { lat: 51.62875, lon: -0.12556, noticeDate: '2026-01-05', balance: 5000 });
    // Kingston upon Thames, 25 km from the demo area.
    const kingston = makeCase('KINGSTON', { lat: 51.4103, lon: -0.3006, noticeDate: '2026-01-05', balance: 5000 });
    const near = [0, 1, 2].map((i) => makeCase(`STREET-${i}`, { lat: 51.6147 + i * 0.0005, lon: -0.1332, noticeDate: '2026-01-05' }));
    const plan = await planDay(context([park, kingston, ...near], { routing: roads }), { date: DATE, timeLimitMs: 200, seed: 1 });
    expect(plan.unplanned).toContainEqual({ caseRef: 'IN-THE-PARK', reason: 'outside-road-area' });
    expect(plan.unplanned).toContainEqual({ caseRef: 'KINGSTON', reason: 'outside-road-area' });
    expect(plan.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs)).sort()).toEqual(['STREET-0', 'STREET-1', 'STREET-2']);
    expect(plan.estimate).toBe(false);
    expect(plan.roads?.source).toBe('london-north-friern-barnet-highways-overpass-2026-07-26.osm');
    const parked = makeOfficer('parked', { start: { lat: 51.4103, lon: -0.3006 } });
    await expect(planDay(context(near, { routing: roads, officers: [parked], crews: [] }), { date: DATE, timeLimitMs: 200 })).rejects.toThrow(
      "the start of parked is outside the road data in use (north London demo): load your area's road extract",
    );
  });

  it('leaves a case inside the road data but off its roads out as no-road, and names an officer who starts there', async () => {
    // Snapping up to 150 m: a point 185 m from the nearest road, in the middle of the demo area.
    const roads = new EmbeddedBackend(((await loadDemoBackend()) as EmbeddedBackend).graph, { maxSnapMetres: 150 });
    const offRoad = { lat: 51.6185, lon: -0.118 };
    const near = [0, 1, 2].map((i) => makeCase(`STREET-${i}`, { lat: 51.6147 + i * 0.0005, lon: -0.1332, noticeDate: '2026-01-05' }));
    const cases = [makeCase('OFF-ROAD', { ...offRoad, noticeDate: '2026-01-05', balance: 5000 }), ...near];
    const plan = await planDay(context(cases, { routing: roads, officers: [makeOfficer('solo')], crews: [] }), { date: DATE, timeLimitMs: 200, seed: 1 });
    expect(plan.unplanned).toContainEqual({ caseRef: 'OFF-ROAD', reason: 'no-road' });
    const parked = makeOfficer('parked', { start: offRoad });
    const refused = await planDay(context(near, { routing: roads, officers: [parked], crews: [] }), { date: DATE, timeLimitMs: 200 }).catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/^the start of parked is too far from any road/);
    // Named, not placed: the message is kept with a failed job, and a start may be an officer's home.
    expect((refused as Error).message).not.toMatch(/51\.6|0\.118/);
  });

  it.each([
    ['2026-03-29', '+01:00', '04:00', '06:40'],
    ['2026-03-29', '+01:00', '20:15', '23:30'],
    ['2026-10-25', '+00:00', '04:00', '06:40'],
    ['2026-10-25', '+00:00', '20:15', '23:30'],
  ])('keeps homes inside 06:00-21:00 local on the DST day %s (%s), shift %s-%s', async (date, offset, from, to) => {
    const cases = Array.from({ length: 6 }, (_, i) => makeCase(`H${i}`, { lat: 51.6147 + i * 0.0004, lon: -0.1332, noticeDate: '2026-01-05' }));
    const officer = makeOfficer('d', { shiftStart: from, shiftEnd: to, workingDays: [7], breakMinutes: 0 });
    const plan = await planDay(context(cases, { officers: [officer], crews: [] }), { date, timeLimitMs: 200, seed: 1 });
    const stops = plan.routes[0].stops;
    // a shift reaching 40 or 45 minutes into visiting hours fits two visits of 15 minutes at least
    expect(stops.length).toBeGreaterThanOrEqual(2);
    for (const s of stops) {
      expect(s.arrival.endsWith(offset) && s.departure.endsWith(offset)).toBe(true);
      const start = Date.parse(s.departure) - 15 * 60_000;
      expect(start).toBeGreaterThanOrEqual(Date.parse(`${date}T06:00:00${offset}`));
      expect(Date.parse(s.departure)).toBeLessThanOrEqual(Date.parse(`${date}T21:00:00${offset}`));
    }
  });

  it('rejects a date with no available officer, and a date beyond the calendar', async () => {
    await expect(planDay(ctx, { date: '2026-06-21' })).rejects.toThrow(PlanningInputError); // Sunday
    await expect(planDay(ctx, { date: '2026-06-21' })).rejects.toThrow(/no officer is available on 2026-06-21/);
    await expect(planDay(ctx, { date: '2029-01-02' })).rejects.toThrow(CalendarRangeError);
    await expect(planDay(ctx, { date: '2026-02-30' })).rejects.toThrow(/date "2026-02-30"/);
    await expect(planDay(ctx, { date: DATE, officerIds: ['nobody'] })).rejects.toThrow(/unknown officer "nobody"/);
  });
});
