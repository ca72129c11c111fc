import { describe, expect, it } from 'vitest';
import { evaluateRoutes, planDay, planWeek, replanRest } from '../../solver/rules/index.js';
import { addDays, weekday } from '../../solver/rules/calendar.js';
import { DEFAULT_RULES_SETTINGS } from '../../solver/rules/settings.js';
import { loadDemoBackend } from '../../solver/roads/index.js';
import { context, makeCase, makeOfficer, randomCases } from './fixtures.js';

const DATE = '2026-06-16';

describe('evaluateRoutes (plan mode: never refuses)', () => {
  const cases = [
    makeCase('OK', { lat: 51.613, lon: -0.128 }),
    makeCase('EXPIRED', { noticeDate: '2025-06-01', lat: 51.614, lon: -0.126 }),
    makeCase('EARLY', { noticeDate: '2026-06-12', lat: 51.615, lon: -0.124 }),
    makeCase('WARN', { warning: true, lat: 51.616, lon: -0.122 }),
    makeCase('SUSP', { status: 'suspended', lat: 51.617, lon: -0.12 }),
    makeCase('FEST', { doNotVisit: [DATE], lat: 51.618, lon: -0.118 }),
    makeCase('REPEAT', { previousAttempts: ['2026-06-09T05:10:00Z'], lat: 51.619, lon: -0.116 }),
  ];
  const ctx = context(cases, { officers: [makeOfficer('dawn', { shiftStart: '05:00', shiftEnd: '06:20' }), makeOfficer('o1')] });

  it('on the road network, times the order leg by leg like a matrix would, and names a stop off the roads', async () => {
    const roads = await loadDemoBackend();
    const onRoads = { ...ctx, routing: roads };
    const order = [['OK'], ['EARLY'], ['WARN']];
    const plan = await evaluateRoutes(onRoads, { date: DATE, routes: [{ officerIds: ['o1'], caseRefs: order }] });
    // The same walk measured on a full matrix: miles and minutes of driving agree.
    const officer = makeOfficer('o1');
    const walk: Array<[number, number]> = [
      [officer.start.lon, officer.start.lat],
      [-0.128, 51.613],
      [-0.124, 51.615],
      [-0.122, 51.616],
      [officer.end.lon, officer.end.lat],
    ];
    const m = await roads.matrix(walk);
    let metres = 0;
    let seconds = 0;
    for (let i = 0; i + 1 < walk.length; i++) {
      metres += m.distances[i * walk.length + i + 1];
      seconds += m.durations[i * walk.length + i + 1];
    }
    expect(plan.routes[0].miles).toBe(Math.round((metres / 1609.344) * 100) / 100);
    expect(plan.routes[0].driveMinutes).toBe(Math.round(seconds / 60));
    const park = makeCase('IN-THE-PARK', { lat: 51.62875, lon: -0.12556 });
    await expect(
      evaluateRoutes({ ...onRoads, cases: [...cases, park] }, { date: DATE, routes: [{ officerIds: ['o1'], caseRefs: [['OK'], ['IN-THE-PARK']] }] }),
    ).rejects.toThrow("case IN-THE-PARK is outside the road data in use (north London demo): load your area's road extract");
  });

  it('reports each planted violation at the stop where it happens', async () => {
    const plan = await evaluateRoutes(ctx, {
      date: DATE,
      routes: [{ officerIds: ['dawn'], caseRefs: [['OK'], ['EXPIRED'], ['EARLY'], ['WARN'], ['SUSP'], ['FEST'], ['REPEAT']] }],
    });
    const codes = Object.fromEntries(plan.routes[0].stops.map((s) => [s.caseRefs[0], s.violations.map((v) => v.code)]));
    expect(codes.EXPIRED).toContain('after-12-month-limit');
    expect(codes.EARLY).toContain('before-earliest-lawful-date');
    expect(codes.WARN).toContain('needs-crew');
    expect(codes.SUSP).toContain('arrangement');
    expect(codes.FEST).toContain('do-not-visit-date');
    // a repeat attempt waits for another band (day, after this shift) rather than repeat the early one
    expect(codes.REPEAT).not.toContain('same-band-as-last-attempt');
    expect(plan.routes[0].stops.find((s) => s.caseRefs[0] === 'REPEAT')?.window.band).toBe('day');
    expect(Object.values(codes).flat()).toContain('after-shift-end');
    // the officer leaves at 05:00 but waits for 06:00: no stop starts before visiting hours
    expect(codes.OK).not.toContain('before-visiting-hours');
    expect(plan.routes[0].stops[0].arrival >= '2026-06-16T06:00').toBe(true);
    const messages = plan.routes[0].stops.flatMap((s) => s.violations.map((v) => v.message)).join(' ');
    expect(messages).not.toMatch(/A Debtor|High Road/); // no personal data
  });

  it('flags a visit that would run past 21:00 and lateness past a window', async () => {
    const late = context([makeCase('L1'), makeCase('L2', { lat: 51.7, lon: -0.3 })], {
      officers: [makeOfficer('eve', { shiftStart: '20:40', shiftEnd: '23:00' })],
    });
    const plan = await evaluateRoutes(late, { date: DATE, routes: [{ officerIds: ['eve'], caseRefs: [['L1'], ['L2']] }] });
    const [first, second] = plan.routes[0].stops;
    expect(first.violations.map((v) => v.code)).toEqual([]);
    expect(second.violations.map((v) => v.code)).toEqual(expect.arrayContaining(['late', 'after-visiting-hours']));
    expect(second.value).toBe(0);
  });

  it('reports a council blackout date on every stop, and planDay plans nothing that day', async () => {
    const dark = { ...ctx, blackoutDates: [DATE] };
    const plan = await evaluateRoutes(dark, { date: DATE, routes: [{ officerIds: ['o1'], caseRefs: [['OK']] }] });
    expect(plan.routes[0].stops[0].violations.map((v) => v.code)).toEqual(['blackout']);
    const day = await planDay(dark, { date: DATE, timeLimitMs: 100, seed: 1 });
    expect(day.totals.visits).toBe(0);
    expect(day.unplanned.find((u) => u.caseRef === 'OK')?.reason).toBe('blackout');
  });

  it('flags a repeat attempt in the last failed band when the day has no other band', async () => {
    // A council that keeps Saturday as one band (06:00-21:00): a Saturday repeat has no other band that day.
    const oneBand = {
      ...DEFAULT_RULES_SETTINGS,
      bands: [...DEFAULT_RULES_SETTINGS.bands.filter((b) => !b.days.includes(6)), { id: 'saturday', start: '06:00', end: '21:00', days: [6] }],
      contactRates: { ...DEFAULT_RULES_SETTINGS.contactRates, domestic: { ...DEFAULT_RULES_SETTINGS.contactRates.domestic, saturday: 0.45 } },
    };
    const saturday = context([makeCase('SAT', { previousAttempts: ['2026-06-13T10:00:00+01:00'] })], { settings: oneBand });
    const plan = await evaluateRoutes(saturday, { date: '2026-06-20', routes: [{ officerIds: ['o1'], caseRefs: [['SAT']] }] });
    expect(plan.routes[0].stops[0].violations.map((v) => v.code)).toEqual(['same-band-as-last-attempt']);
  });

  it("finds no fault in the planner's own order", async () => {
    const busy = context(randomCases(60, DATE, 21));
    const plan = await planDay(busy, { date: DATE, timeLimitMs: 600, seed: 4 });
    const routes = plan.routes.filter((r) => r.stops.length > 0).map((r) => ({ officerIds: r.officerIds, caseRefs: r.stops.map((s) => s.caseRefs) }));
    expect(routes.length).toBeGreaterThan(1);
    const again = await evaluateRoutes(busy, { date: DATE, routes });
    for (const route of again.routes) for (const stop of route.stops) expect(stop.violations).toEqual([]);
    expect(again.totals.visits).toBe(plan.totals.visits);
    expect(again.totals.miles).toBeCloseTo(plan.totals.miles, 1);
  });

  it('rejects unknown cases and officers by name', async () => {
    await expect(evaluateRoutes(ctx, { date: DATE, routes: [{ officerIds: ['o1'], caseRefs: [['NOPE']] }] })).rejects.toThrow(
      /routes\[0\]\.caseRefs\[0\]: unknown case "NOPE"/,
    );
    await expect(evaluateRoutes(ctx, { date: DATE, routes: [{ officerIds: ['x'], caseRefs: [['OK']] }] })).rejects.toThrow(/unknown officer "x"/);
  });
});

describe('replanRest', () => {
  it('keeps done stops, starts from now and here, and opens with the locked stop', async () => {
    const ctx = context(randomCases(30, DATE, 11), { officers: [makeOfficer('o1')], crews: [] });
    const plan = await planDay(ctx, { date: DATE, timeLimitMs: 400, seed: 2 });
    const stops = plan.routes[0].stops;
    expect(stops.length).toBeGreaterThan(4);
    const done = stops.slice(0, 2).flatMap((s) => s.caseRefs);
    const lockedStop = stops.slice(2).find((s) => s.window.band === 'day' && !s.flags.business)!.caseRefs;
    const now = '2026-06-16T13:00:00+01:00';
    const re = await replanRest(ctx, {
      date: DATE,
      officerIds: ['o1'],
      from: { time: now, lat: stops[1].lat, lon: stops[1].lon },
      done,
      locked: [lockedStop],
      current: plan,
      timeLimitMs: 300,
      seed: 1,
    });
    const next = re.routes[0].stops;
    expect(next.slice(0, 2)).toEqual(stops.slice(0, 2));
    expect(next[2].caseRefs).toEqual(lockedStop);
    for (const s of next.slice(2)) {
      expect(Date.parse(s.arrival)).toBeGreaterThanOrEqual(Date.parse(now));
      expect(s.violations).toEqual([]);
    }
    const refs = next.flatMap((s) => s.caseRefs);
    expect(new Set(refs).size).toBe(refs.length);
    const unplanned = new Set(re.unplanned.map((u) => u.caseRef));
    for (const r of refs) expect(unplanned.has(r)).toBe(false);
  });
});

describe('replanRest with an impossible lock', () => {
  it('returns the plan with the locked stop reported late instead of refusing', async () => {
    const cases = [makeCase('CAFE', { premises: 'business', tradingHours: 'Mo-Fr 06:00-08:00' }), makeCase('HOME', { lat: 51.613, lon: -0.128 })];
    const ctx = context(cases, { officers: [makeOfficer('o1', { shiftStart: '06:00' })], crews: [] });
    const plan = await planDay(ctx, { date: DATE, timeLimitMs: 200, seed: 1 });
    const re = await replanRest(ctx, {
      date: DATE,
      officerIds: ['o1'],
      from: { time: '2026-06-16T13:00:00+01:00', lat: 51.61, lon: -0.13 },
      done: [],
      locked: [['CAFE']],
      current: { ...plan, routes: plan.routes.map((r) => ({ ...r, stops: r.stops.filter((s) => s.caseRefs[0] !== 'CAFE') })) },
      timeLimitMs: 200,
      seed: 1,
    });
    const first = re.routes[0].stops[0];
    expect(first.caseRefs).toEqual(['CAFE']);
    // late for its trading window; still lawful, as 13:00 is inside ordinary visiting hours (reg 13)
    expect(first.violations.map((v) => v.code)).toEqual(['late']);
    expect(first.value).toBe(0);
  });
});

describe('replanRest edge cases', () => {
  it('plans nothing more after the shift, and refuses a time on another day', async () => {
    const ctx = context(randomCases(15, DATE, 4), { officers: [makeOfficer('o1')], crews: [] });
    const plan = await planDay(ctx, { date: DATE, timeLimitMs: 200, seed: 1 });
    const done = plan.routes[0].stops[0].caseRefs;
    const late = await replanRest(ctx, {
      date: DATE,
      officerIds: ['o1'],
      from: { time: '2026-06-16T19:30:00+01:00', lat: 51.61, lon: -0.13 },
      done,
      current: plan,
      timeLimitMs: 100,
      seed: 1,
    });
    expect(late.routes[0].stops.map((s) => s.caseRefs)).toEqual([done]);
    await expect(
      replanRest(ctx, { date: DATE, officerIds: ['o1'], from: { time: '2026-06-17T09:00:00+01:00', lat: 51.61, lon: -0.13 }, done: [], current: plan }),
    ).rejects.toThrow(/not on the plan's date/);
  });
});

describe('replanRest from a position off the roads', () => {
  it('names the position in words, never by its coordinates', async () => {
    const roads = await loadDemoBackend();
    const ctx = context(randomCases(10, DATE, 3), { routing: roads, officers: [makeOfficer('o1')], crews: [] });
    const plan = await planDay(ctx, { date: DATE, timeLimitMs: 100, seed: 1 });
    const done = plan.routes[0].stops[0].caseRefs;
    // Where an officer stands is personal data: the message is kept with a failed job.
    const refused = await replanRest(ctx, {
      date: DATE,
      officerIds: ['o1'],
      from: { time: '2026-06-16T13:00:00+01:00', lat: 51.62875, lon: -0.12556 },
      done,
      current: plan,
      timeLimitMs: 100,
      seed: 1,
    }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/position/);
    expect((refused as Error).message).not.toMatch(/51\.62|0\.125/);
  });
});

describe('planWeek', () => {
  it('puts no case on two days, honours availability and meets the Saturday quota', async () => {
    const from = '2026-06-15'; // Monday
    const officers = [
      makeOfficer('a', { saturdayQuota: 1 }),
      makeOfficer('b', { unavailableDates: ['2026-06-17'], saturdayQuota: 2 }),
      makeOfficer('c', { workingDays: [1, 2, 3, 4, 5] }),
    ];
    const ctx = context(randomCases(120, from, 5), { officers, crews: [] });
    const week = await planWeek(ctx, { from, days: 7, timeLimitMs: 250, seed: 1, countedSaturdays: { b: ['2026-06-06'] } });
    expect(week.days.map((d) => d.date)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(from, i)));
    const refs = week.days.flatMap((d) => d.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs)));
    expect(new Set(refs).size).toBe(refs.length);
    for (const day of week.days) {
      for (const r of day.routes) {
        for (const id of r.officerIds) {
          const o = officers.find((x) => x.id === id)!;
          expect(o.workingDays).toContain(weekday(day.date));
          expect(o.unavailableDates).not.toContain(day.date);
        }
      }
    }
    expect(week.days[6].routes).toEqual([]); // Sunday: nobody works
    const saturday = week.days[5];
    expect(
      saturday.routes
        .filter((r) => r.stops.length > 0)
        .map((r) => r.officerIds[0])
        .sort(),
    ).toEqual(['a', 'b']);
    const quota = Object.fromEntries(week.saturdayQuotas.map((q) => [q.officerId, q]));
    expect(quota.a).toMatchObject({ month: '2026-06', quota: 1, planned: 1, met: true });
    expect(quota.b).toMatchObject({ workedBefore: 1, planned: 1, met: true });
    expect(quota.c).toMatchObject({ planned: 0, met: false, remainingAfter: 0 });
    expect(week.totals.visits).toBe(refs.length > 0 ? week.days.reduce((s, d) => s + d.totals.visits, 0) : 0);
  });
});
